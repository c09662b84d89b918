// Matches the existing style: double quotes, semicolons, trailing commas, long lines.
// 170 is the width at which `prettier --check .` flagged the fewest files of the code as it was.
/** @type {import("prettier").Config} */
export default {
  printWidth: 170,
};
