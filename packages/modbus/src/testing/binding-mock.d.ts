// @serialport/binding-mock 10.2.2 ships types, but its package.json "exports" hides them from
// moduleResolution "Bundler". These are the parts this package uses, copied from its dist/index.d.ts.
declare module '@serialport/binding-mock' {
  export interface CreatePortOptions {
    echo?: boolean;
    record?: boolean;
    readyData?: Buffer;
    maxReadSize?: number;
  }

  export class MockPortBinding {
    isOpen: boolean;
    emitData(data: Buffer | string): void;
    close(): Promise<void>;
    read(buffer: Buffer, offset: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }>;
    write(buffer: Buffer): Promise<void>;
    update(options: { baudRate: number }): Promise<void>;
    set(options: object): Promise<void>;
    get(): Promise<{ cts: boolean; dsr: boolean; dcd: boolean }>;
    getBaudRate(): Promise<{ baudRate: number }>;
    flush(): Promise<void>;
    drain(): Promise<void>;
  }

  export interface MockBindingInterface {
    open(options: { path: string; baudRate: number } & Record<string, unknown>): Promise<MockPortBinding>;
    list(): Promise<unknown[]>;
    reset(): void;
    createPort(path: string, opt?: CreatePortOptions): void;
  }

  export const MockBinding: MockBindingInterface;
}
