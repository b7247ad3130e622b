// Frees a core session whose owner (a Connection, a parser) was garbage collected without closing it.
// Where the runtime has no FinalizationRegistry (workerd at older compatibility dates), only closing
// frees one.
export const sessionRegistry =
  typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry((session) => session.free())
    : { register() {}, unregister() {} };
