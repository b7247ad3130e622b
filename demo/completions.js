// A stand-in for a chat-completion streaming API (the kind LLM providers offer), for the README's
// request-options example: POST /api/completions with `Authorization: Bearer demo-key` and a JSON body
// { messages: [{ role, content }...], stream: true } streams the reply one word per event, as
// `data: {"choices":[{"delta":{"content":"..."}}]}`, then `data: [DONE]`, and ends. A wrong key gets
// 401 {"error":"invalid key"}; a body that is not such JSON 400. Rate-limited per client address; the reply is
// at most MAX_WORDS words.
import { readLimitedPost, sendJson } from './http-util.js';

export const DEMO_KEY = 'demo-key';
const MAX_BODY = 16 * 1024;
const MAX_WORDS = 100;
const WORD_MS = 40;

export function register({ route, streams, rateLimiter }) {
  const limiter = rateLimiter({ burst: 10, perSecond: 2 });
  route('POST', '/api/completions', async (req, res, url) => {
    if (req.headers.authorization !== `Bearer ${DEMO_KEY}`) {
      req.resume();
      return sendJson(res, 401, { error: 'invalid key' });
    }
    const body = await readLimitedPost(req, res, limiter, {
      maxBytes: MAX_BODY,
      retryAfterSeconds: 1,
      tooMany: 'slow down',
    });
    if (body === null) return;
    let prompt;
    try {
      const request = JSON.parse(body);
      prompt = request.messages.at(-1).content;
      if (typeof prompt !== 'string' || request.stream !== true) throw new TypeError();
    } catch {
      return sendJson(res, 400, { error: 'want JSON { messages: [{ role, content }], stream: true }' });
    }
    const stream = streams.open(req, res, { url });
    if (stream === null) return;
    const words = `You said: ${prompt}`.split(/\s+/).filter(Boolean).slice(0, MAX_WORDS);
    let next = 0;
    const timer = setInterval(() => {
      if (next === words.length) {
        clearInterval(timer);
        stream.write('data: [DONE]\n\n');
        return res.end();
      }
      const content = next === 0 ? words[0] : ` ${words[next]}`;
      next += 1;
      stream.write(
        `data: ${JSON.stringify({ object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content } }] })}\n\n`,
      );
    }, WORD_MS);
    stream.onClose(() => clearInterval(timer));
  });
}
