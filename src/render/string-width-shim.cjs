// cli-table3 calls require("string-width") as a function; tsup aliases that require to this shim.
module.exports = require("./string-width.ts").default;
