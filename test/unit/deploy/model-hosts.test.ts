import { describe, expect, it } from 'vitest';
import {
  checkModelHost,
  hostAllowed,
  HUB_ORIGIN,
  parseModelHost,
  readHostList,
} from '../../../src/lib/deploy/model-hosts';

describe('parseModelHost', () => {
  it.each([
    ['https://huggingface.co', 'https://huggingface.co/', 'https://huggingface.co'],
    ['  https://huggingface.co/  ', 'https://huggingface.co/', 'https://huggingface.co'],
    ['https://mirror.example/hf', 'https://mirror.example/hf/', 'https://mirror.example'],
    ['https://mirror.example:8443/hf/', 'https://mirror.example:8443/hf/', 'https://mirror.example:8443'],
    ['http://localhost:8080', 'http://localhost:8080/', 'http://localhost:8080'],
    ['http://127.0.0.1:5000/models', 'http://127.0.0.1:5000/models/', 'http://127.0.0.1:5000'],
    ['http://[::1]:9000', 'http://[::1]:9000/', 'http://[::1]:9000'],
    ['http://models.localhost', 'http://models.localhost/', 'http://models.localhost'],
  ])('accepts %s', (input, url, origin) => {
    expect(parseModelHost(input)).toEqual({ host: { url, origin } });
  });

  it.each([
    ['', /No model host/],
    ['huggingface.co', /not a web address/],
    ['https://', /not a web address/],
    ['ftp://mirror.example/', /starts with ftp:/],
    ['javascript:alert(1)', /starts with javascript:/],
    ['http://mirror.example/', /plain http/],
    ['http://192.168.1.5:8000/', /plain http/],
    ['https://user:secret@mirror.example/', /user name or password/],
    ['https://mirror.example/?token=x', /query or fragment/],
    ['https://mirror.example/#x', /query or fragment/],
  ])('refuses %j with a message, never an exception', (input, message) => {
    const result = parseModelHost(input);
    expect('problem' in result && result.problem.message).toMatch(message);
    expect('problem' in result && result.problem.severity).toBe('error');
  });
});

describe('hostAllowed', () => {
  it.each([
    ['https://huggingface.co', [HUB_ORIGIN], true],
    ['https://evil.example', [HUB_ORIGIN], false],
    ['https://huggingface.co.evil.example', [HUB_ORIGIN], false],
    ['http://127.0.0.1:5173', ['http://127.0.0.1:*'], true],
    ['http://127.0.0.1', ['http://127.0.0.1:*'], true],
    ['http://127.0.0.1.evil.example', ['http://127.0.0.1:*'], false],
    ['http://127.0.0.1:80x', ['http://127.0.0.1:*'], false],
    ['https://huggingface.co', [], false],
  ] as const)('%s in %j: %s', (origin, sources, expected) => {
    expect(hostAllowed(origin, sources)).toBe(expected);
  });
});

describe('checkModelHost', () => {
  it('passes a host the site allows, with its path', () => {
    expect(checkModelHost('https://huggingface.co', [HUB_ORIGIN])).toEqual({
      host: { url: 'https://huggingface.co/', origin: HUB_ORIGIN },
    });
  });

  it("says which hosts the site's policy allows, and who can add one", () => {
    const result = checkModelHost('https://hf-mirror.example/', [HUB_ORIGIN]);
    expect('problem' in result && result.problem.message).toBe(
      'This site may reach only https://huggingface.co for models; https://hf-mirror.example is not one of them.',
    );
    expect('problem' in result && result.problem.hint).toMatch(/SEMISYNTH_MODEL_HOSTS/);
  });

  it('says so when the site reaches no host at all', () => {
    const result = checkModelHost(HUB_ORIGIN, []);
    expect('problem' in result && result.problem.message).toMatch(/bundled and local models only/);
  });

  it('reports a malformed host before asking whether it is allowed', () => {
    const result = checkModelHost('http://mirror.example', ['http://mirror.example']);
    expect('problem' in result && result.problem.message).toMatch(/plain http/);
  });
});

describe('readHostList (SEMISYNTH_MODEL_HOSTS)', () => {
  it.each([
    [undefined, [HUB_ORIGIN]],
    ['', [HUB_ORIGIN]],
    ['none', []],
    ['https://huggingface.co https://hf-mirror.example', [HUB_ORIGIN, 'https://hf-mirror.example']],
    ['https://hf-mirror.example/, https://hf-mirror.example', ['https://hf-mirror.example']],
    ['http://localhost:*', ['http://localhost:*']],
  ])('%j', (value, sources) => {
    expect(readHostList(value)).toEqual({ sources });
  });

  it('names every entry it cannot use', () => {
    const result = readHostList(
      'http://mirror.example https://ok.example https://x.example:* https://p.example/hf',
    );
    expect('problems' in result && result.problems).toEqual([
      expect.stringMatching(/^http:\/\/mirror\.example: .*plain http/),
      'https://x.example:*: only a loopback host (localhost, 127.0.0.1) may leave its port open.',
      expect.stringMatching(/^https:\/\/p\.example\/hf: give the origin only/),
    ]);
  });
});
