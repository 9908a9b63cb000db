// How the engine carries secrets past a provider that answers Configure with acceptSecrets=false (the dynamic host).
//
// The dynamic-provider host never sees a secret: the engine strips the wrappers before Check, Diff, Create, Read,
// Update and Delete (MarshalProperties with KeepSecrets=false), then puts the secret bit back on the results:
// `annotateSecrets(outputs, inputs)` marks an output secret when the same-named input contained a secret (recursing
// only where both are plain objects), and the step executor marks every `additionalSecretOutputs` key secret.
// Returning `pulumi.secret()` from a dynamic provider's outs does not work (pulumi/pulumi#3012), so these two rules
// are the only way a dynamic resource's outputs become secret. Source: sdk/go/common/resource/plugin/provider_plugin.go
// (annotateSecrets, removeSecrets) and pkg/resource/deploy/step_executor.go (AdditionalSecretOutputs).
import { containsSecrets, isObject, isSecret, reveal, secret, type PropertyMap } from "./wire";

/** What a provider with acceptSecrets=false receives: the same properties with every secret unwrapped. */
export function stripSecrets(props: PropertyMap): PropertyMap {
  return reveal<PropertyMap>(props);
}

/** Copies secretness from `ins` onto same-named `outs` (a new map; neither argument is modified). */
export function annotateSecrets(outs: PropertyMap, ins: PropertyMap): PropertyMap {
  const result: PropertyMap = { ...outs };
  for (const [key, inValue] of Object.entries(ins)) {
    if (!(key in result)) continue;
    const outValue = result[key];
    if (isObject(outValue) && !isSecret(outValue) && isObject(inValue) && !isSecret(inValue)) {
      result[key] = annotateSecrets(outValue, inValue);
    } else if (!isSecret(outValue) && containsSecrets(inValue)) {
      result[key] = secret(outValue);
    }
  }
  return result;
}

/**
 * Marks each listed top-level output secret, as the step executor does after every step that writes a new state.
 * The engine refuses to make `id` secret (pulumi/pulumi#2717); it is not an output property here anyway.
 */
export function markAdditionalSecretOutputs(outs: PropertyMap, keys: readonly string[]): PropertyMap {
  const result: PropertyMap = { ...outs };
  for (const key of keys) {
    if (key in result && !isSecret(result[key])) result[key] = secret(result[key]);
  }
  return result;
}

/** Top-level property names whose value is or contains a secret, sorted. */
export function secretKeys(props: PropertyMap): string[] {
  return Object.keys(props)
    .filter((k) => containsSecrets(props[k]))
    .sort();
}
