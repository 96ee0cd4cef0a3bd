/** Types for chromium-cdp.mjs (imported by the TypeScript browser test). */
export declare const DEFAULT_CHROMIUM: string;
export declare function chromiumPath(): string;
export declare function chromiumAvailable(): boolean;
export interface Page {
  /** Console errors, uncaught exceptions, failed requests seen so far. */
  problems: string[];
  evaluate<T = unknown>(expression: string): Promise<T>;
  screenshot(options?: { fullPage?: boolean }): Promise<Buffer>;
}
export declare function withPage<T>(file: string, viewport: { width?: number; height?: number } | undefined, use: (page: Page) => Promise<T>): Promise<T>;
