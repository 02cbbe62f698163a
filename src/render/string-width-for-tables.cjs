// cli-table3's string-width, as the bundle has it (tsup.config.ts): text-width.ts, the same widths
// counted cheaply where the text is plain ASCII. string-width itself stays what text-width.ts falls back on.
module.exports = require("./text-width.ts").textWidth;
