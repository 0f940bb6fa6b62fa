// Baseline for build.ps1 -Task Bench: N sequential chat calls with the official openai client against the emulator.
// Usage: node seq.mjs <baseUri> <count> <stream|nonstream>   prints "elapsedMs=<ms for the loop>"
import OpenAI from 'openai';

const [baseURL, countText, mode] = process.argv.slice(2);
const count = Number.parseInt(countText, 10);
const stream = mode === 'stream';
const client = new OpenAI({ baseURL, apiKey: 'bench-key', maxRetries: 0 });

async function runOne(i) {
  const messages = [{ role: 'user', content: `Say hello ${i}` }];
  let text = '';
  if (stream) {
    const chunks = await client.chat.completions.create({
      model: 'gpt-5.4-mini', messages, stream: true, stream_options: { include_usage: true },
    });
    for await (const chunk of chunks) {
      const delta = chunk.choices[0]?.delta?.content;
      if (delta) text += delta;
    }
  } else {
    const completion = await client.chat.completions.create({ model: 'gpt-5.4-mini', messages });
    text = completion.choices[0].message.content ?? '';
  }
  if (text.length === 0) throw new Error('empty answer');
}

for (let w = 0; w < 100; w++) await runOne(w); // 100 warm-up calls, as every column does
const started = process.hrtime.bigint();
for (let i = 0; i < count; i++) await runOne(i);
const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
console.log(`elapsedMs=${elapsedMs.toFixed(2)}`);
