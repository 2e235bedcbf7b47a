// eslint on the tours (*/static/src/tours/*.js): ES modules run in the
// browser by Odoo's tour runner.
const js = require("@eslint/js");
const globals = require("globals");

module.exports = [
    {
        files: ["*/static/src/tours/*.js"],
        ...js.configs.recommended,
    },
    {
        files: ["*/static/src/tours/*.js"],
        languageOptions: {
            ecmaVersion: 2024,
            sourceType: "module",
            globals: {...globals.browser, odoo: "readonly"},
        },
        rules: {
            "no-debugger": "error",
            "no-eval": "error",
            "no-unused-vars": "error",
            "no-var": "error",
            "prefer-const": "warn",
            eqeqeq: "warn",
        },
    },
];
