// What js/ reads from the Emscripten module object besides the Embind classes, which MINIMAL_RUNTIME
// keeps in the glue's own scope: the memory views HEAPU8 and HEAPU32 (js/core-workspace.js) and the
// direct export _sse_feed (cpp/src/bindings.cc). Getters, so the views are the current ones after
// memory grows (growth replaces them; the old ones are detached, length 0). build.sh links this file
// with --js-library and names it in DEFAULT_LIBRARY_FUNCS_TO_INCLUDE (nothing in the glue needs it).
mergeInto(LibraryManager.library, {
  $moduleSurface: {},
  $moduleSurface__postset:
    "Object.defineProperties(Module, {" +
    " 'HEAPU8': { get: function() { return HEAPU8; }, enumerable: true }," +
    " 'HEAPU32': { get: function() { return HEAPU32; }, enumerable: true }," +
    " '_sse_feed': { get: function() { return _sse_feed; }, enumerable: true } });",
});
