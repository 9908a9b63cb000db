// The awsJson1_1 envelope (docs/cognito.md §1): target header, SigV4 credential scope, JSON bodies and error answers.
import type { ServerResponse } from "http";
import { canHostPools } from "./cognito/ids";
import {
  IncompleteSignatureException,
  InvalidSignatureException,
  MissingAuthenticationTokenException,
  type ServiceError,
} from "./cognito/errors";

export const TARGET_PREFIX = "AWSCognitoIdentityProviderService.";
export const CONTENT_TYPE = "application/x-amz-json-1.1";

/** The operation an `X-Amz-Target` header names, or undefined when it names no Cognito operation. */
export function operationOf(target: string | string[] | undefined): string | undefined {
  if (typeof target !== "string" || !target.startsWith(TARGET_PREFIX)) return undefined;
  const operation = target.slice(TARGET_PREFIX.length);
  return /^[A-Za-z0-9]+$/.test(operation) ? operation : undefined;
}

const CREDENTIAL_SCOPE = /Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request/;

/**
 * The region of the SigV4 credential scope
 * (`Credential=AKID/20260101/us-east-1/cognito-idp/aws4_request`). The signature is not checked:
 * the scope only tells which regional endpoint the caller meant.
 */
export function regionOf(authorization: string | undefined): string {
  if (authorization === undefined || authorization.trim() === "")
    throw new MissingAuthenticationTokenException();
  const scope = CREDENTIAL_SCOPE.exec(authorization);
  if (!authorization.startsWith("AWS4-HMAC-SHA256 ") || scope === null || scope[3] === undefined) {
    throw new IncompleteSignatureException(
      "Authorization header requires a SigV4 'Credential' parameter of the form Credential=<access key>/<date>/<region>/cognito-idp/aws4_request.",
    );
  }
  const region = scope[3];
  // AWS answers this way for a region it does not serve. Here it keeps out regions whose pool ids
  // no request could name (and no state file could load).
  if (!canHostPools(region)) {
    throw new InvalidSignatureException(`Credential should be scoped to a valid region, not '${region}'.`);
  }
  return region;
}

/** JSON with every Date as epoch seconds, the awsJson timestamp format. */
export function toWireJson(output: object): string {
  return JSON.stringify(output, function (this: Record<string, unknown>, key: string, value: unknown) {
    const original = this[key];
    return original instanceof Date ? original.getTime() / 1000 : value;
  });
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string>): void {
  res.writeHead(status, {
    "Content-Type": CONTENT_TYPE,
    "Content-Length": String(Buffer.byteLength(body)),
    ...headers,
  });
  res.end(body);
}

export function sendOutput(res: ServerResponse, requestId: string, output: object): void {
  send(res, 200, toWireJson(output), { "x-amzn-RequestId": requestId });
}

export function sendError(res: ServerResponse, requestId: string, error: ServiceError): void {
  send(res, error.status, JSON.stringify({ __type: error.name, message: error.message }), {
    "x-amzn-RequestId": requestId,
    "x-amzn-ErrorType": error.name,
  });
}
