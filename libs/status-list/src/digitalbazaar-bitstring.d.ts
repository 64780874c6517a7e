// Types for the parts of @digitalbazaar/vc-bitstring-status-list (ships no declarations) the specs use
// as an independent decoder.
declare module '@digitalbazaar/vc-bitstring-status-list' {
  interface BitstringList {
    length: number;
    getStatus(index: number): boolean;
    setStatus(index: number, status: boolean): void;
    encode(): Promise<string>;
  }
  export function createList(options: { length: number }): Promise<BitstringList>;
  export function decodeList(options: { encodedList: string }): Promise<BitstringList>;
}
