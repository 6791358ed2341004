import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { webClientItem } from '../storage';
import { chooseFirstClient } from './web-client-choice';

describe("the Opening page's web-client question", () => {
  beforeEach(() => fakeBrowser.reset());

  it('sets Elk or Phanpy on its public host while nothing is chosen', async () => {
    await chooseFirstClient('phanpy');
    expect(await webClientItem.getValue()).toEqual({ kind: 'phanpy', host: 'phanpy.social' });
  });

  it('never replaces a choice made in the options page', async () => {
    const own = { kind: 'elk' as const, host: 'elk.my.example' };
    await webClientItem.setValue(own);
    await chooseFirstClient('phanpy');
    expect(await webClientItem.getValue()).toEqual(own);
  });
});
