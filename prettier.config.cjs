/** @type {import('prettier').Config} */
// OCA's 18.0 prettier settings; the XML plugin is found through NODE_PATH
// in pre-commit's node environment.
const config = {
    plugins: [require.resolve("@prettier/plugin-xml")],
    bracketSpacing: false,
    printWidth: 88,
    // OCA gives XML 4 spaces in its .editorconfig
    tabWidth: 4,
    proseWrap: "always",
    semi: true,
    trailingComma: "es5",
    xmlWhitespaceSensitivity: "preserve",
};

module.exports = config;
