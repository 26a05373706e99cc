// The one reader of wasm's unsigned LEB128 numbers, for the scripts that read
// module bytes (strip-sections.mjs, check-module.mjs, bench/anatomy.mjs).

/** The unsigned LEB128 number at `at` in `bytes`: its value and the offset after it. */
export function uleb(bytes, at) {
  let value = 0, shift = 0, byte;
  do {
    byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, at];
}
