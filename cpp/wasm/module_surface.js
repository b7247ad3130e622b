// What js/ reads from the Emscripten module object besides the Embind classes, which MINIMAL_RUNTIME
// keeps in the glue's own scope: the memory views HEAPU8 and HEAPU32 (js/core/core-workspace.js) and the
// direct export _sse_feed (cpp/wasm/bindings.cc). Getters, so the views are the current ones after
// memory grows. The Wasm grows its memory itself (memory.grow in cpp/wasm/malloc.cc), without
// Emscripten's emscripten_resize_heap (its JS costs ~200 B gzip), so the getters renew the views when
// the buffer they see is no longer the memory's (growth detached it). build.sh links this file with
// --js-library and names it in DEFAULT_LIBRARY_FUNCS_TO_INCLUDE (nothing in the glue needs it).
mergeInto(LibraryManager.library, {
  // Emscripten's memcpy of large blocks copies with HEAPU8.copyWithin: after a growth, the views first.
  emscripten_memcpy_big__deps: ['$moduleSurface'],
  emscripten_memcpy_big: function (dest, src, num) {
    moduleSurfaceViews();
    HEAPU8.copyWithin(dest, src, src + num);
  },
  $moduleSurface: {},
  $moduleSurface__postset:
    'Object.defineProperties(Module, {' +
    " 'HEAPU8': { get: function() { moduleSurfaceViews(); return HEAPU8; }, enumerable: true }," +
    " 'HEAPU32': { get: function() { moduleSurfaceViews(); return HEAPU32; }, enumerable: true }," +
    " '_sse_feed': { get: function() { return _sse_feed; }, enumerable: true } });" +
    'function moduleSurfaceViews() { if (HEAPU8.buffer !== wasmMemory.buffer) updateGlobalBufferAndViews(wasmMemory.buffer); }',
});
