// html-validate configuration for the built site (internal/e2e/validate_test.go).
// The recommended rules, with two options set to what the HTML standard
// allows and our minifier (tdewolff/minify) writes:
module.exports = {
  root: true,
  extends: ["html-validate:recommended"],
  rules: {
    // The minifier writes <!doctype html> in lower case; both cases are valid.
    "doctype-style": ["error", { style: "lowercase" }],
    // The minifier leaves "&" unescaped where it cannot start a character
    // reference ("AT&T", "S&DC"), which the standard allows; ambiguous
    // ampersands are still errors.
    "no-raw-characters": ["error", { relaxed: true }],
  },
};
