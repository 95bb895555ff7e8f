// firmata-io and mock-firmata ship no types; the rig types what it uses (FirmataIo) at the call site.
declare module 'firmata-io' {
  const bindTransport: { Firmata: new (port: object, options?: object) => unknown };
  export default bindTransport;
}
declare module 'mock-firmata' {
  const mocks: { Firmata: new (options?: object) => unknown };
  export default mocks;
}
