// The GB 32100-2015 check of a unified social credit code, as the server does
// it, so that the registration form can say at once that a code is mistyped.
const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type CreditCodeProblem = "length" | "lowercase" | "character" | "check" | null;

export function creditCodeProblem(code: string): CreditCodeProblem {
  if ([...code].length !== 18) return "length";
  if (code !== code.toUpperCase()) return "lowercase";
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = alphabet.indexOf(code[i]);
    if (v < 0) return "character";
    sum += v * weights[i];
  }
  if (alphabet.indexOf(code[17]) < 0) return "character";
  return alphabet[(31 - (sum % 31)) % 31] === code[17] ? null : "check";
}
