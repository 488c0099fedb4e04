// madge ships no types; the part of its API the tests use.
declare module 'madge' {
  interface MadgeResult {
    obj(): Record<string, string[]>;
  }
  function madge(path: string, config?: Record<string, unknown>): Promise<MadgeResult>;
  export default madge;
}
