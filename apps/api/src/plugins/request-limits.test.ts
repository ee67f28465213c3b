import { describe, expect, it } from 'vitest';
import { RequestWindows } from './request-limits';

describe('RequestWindows', () => {
  it('keeps one window per key for a minute, then starts a new one, and forgets ended ones', () => {
    let now = 0;
    const windows = new RequestWindows(() => now);
    windows.windowOf('api-token:a').count += 3;
    windows.windowOf('organization:b').count += 1;
    now = 59_999;
    expect(windows.windowOf('api-token:a').count).toBe(3);
    windows.sweep();
    expect(windows.size).toBe(2);
    now = 60_000;
    windows.sweep();
    expect(windows.size).toBe(0);
    expect(windows.windowOf('api-token:a')).toEqual({ count: 0, resetAt: 120_000 });
  });
});
