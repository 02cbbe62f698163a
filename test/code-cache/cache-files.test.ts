import { describe, expect, it } from "vitest";
import { cacheLabel, openCache, sealCache } from "../../src/code-cache/cache-envelope.js";
import { cacheDirectory } from "../../src/code-cache/cache-directory.js";

describe("cacheDirectory", () => {
  const home = () => "/home/ada";

  it("takes CHIMERAFORGE_CACHE_DIR first, then XDG_CACHE_HOME, then ~/.cache", () => {
    expect(cacheDirectory({ CHIMERAFORGE_CACHE_DIR: "/tmp/c", XDG_CACHE_HOME: "/x" }, home)).toBe("/tmp/c");
    expect(cacheDirectory({ XDG_CACHE_HOME: "/x" }, home)).toBe("/x/chimeraforge");
    expect(cacheDirectory({}, home)).toBe("/home/ada/.cache/chimeraforge");
  });

  it("ignores a relative or empty XDG_CACHE_HOME, as the XDG spec asks", () => {
    expect(cacheDirectory({ XDG_CACHE_HOME: "cache" }, home)).toBe("/home/ada/.cache/chimeraforge");
    expect(cacheDirectory({ XDG_CACHE_HOME: "", CHIMERAFORGE_CACHE_DIR: "" }, home)).toBe("/home/ada/.cache/chimeraforge");
  });

  it("has none without a home", () => {
    expect(cacheDirectory({}, () => "")).toBeUndefined();
    expect(
      cacheDirectory({}, () => {
        throw new Error("no passwd entry");
      }),
    ).toBeUndefined();
  });
});

describe("the cache file's header", () => {
  const label = cacheLabel("1.2.3-abc");
  const payload = Buffer.from("v8 cached data, any bytes \n\u0000\u00ff");

  it("gives back exactly the payload it sealed, 8-byte aligned", () => {
    const sealed = sealCache(label, payload);
    expect(sealed.indexOf(10) + 1).toBe(sealed.length - payload.length);
    expect((sealed.length - payload.length) % 8).toBe(0);
    expect(openCache(label, sealed)).toEqual(payload);
  });

  it("refuses a torn file, another build's, an empty one or bytes without a header", () => {
    const sealed = sealCache(label, payload);
    expect(openCache(label, sealed.subarray(0, sealed.length - 1))).toBeUndefined();
    expect(openCache(label, Buffer.concat([sealed, Buffer.from("x")]))).toBeUndefined();
    expect(openCache(cacheLabel("1.2.3-abd"), sealed)).toBeUndefined();
    expect(openCache(label, Buffer.alloc(0))).toBeUndefined();
    expect(openCache(label, sealCache(label, Buffer.alloc(0)))).toBeUndefined();
    expect(openCache(label, Buffer.alloc(4096, 7))).toBeUndefined();
  });
});
