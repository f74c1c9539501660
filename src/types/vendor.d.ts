// Packages without their own type declarations.
declare module 'tiny-osmpbf' {
  const read: (bytes: Uint8Array) => { elements: unknown[] };
  export default read;
}
