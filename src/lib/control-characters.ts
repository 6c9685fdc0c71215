/** True when `value` has no C0 control character (tab and line breaks allowed when `multiline`) and no DEL. */
export function hasNoControlCharacter(value: string, multiline = false): boolean {
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (code === 0x7f) return false;
    if (code < 0x20 && !(multiline && (code === 0x09 || code === 0x0a || code === 0x0d))) return false;
  }
  return true;
}
