// Writes o200k-fixture.json: texts and their o200k_base token counts from OpenAI's reference tiktoken.
// TokenCounterFixtureTests compares every count exactly, so this file is the proof that our counts match tiktoken.
// Run: npm ci && node make-fixture.mjs   (the texts are deterministic; rerunning must give the same file)
import { get_encoding } from "tiktoken";
import { readFileSync, writeFileSync } from "node:fs";

const texts = [];
const add = (category, text) => texts.push({ category, text });

// A small deterministic PRNG (mulberry32) so "random" mixes are the same on every run.
function rng(seed) {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// --- edge cases
for (const t of ["", " ", "  ", "\n", "\r\n", "\t", "a", "A", "I", "'", "''", "\"", "0", "00", "000", "0000", "?", "!!!", "...", "…"]) add("edge", t);

// --- English prose
const prose = [
  "The quick brown fox jumps over the lazy dog.",
  "Why does robocopy return 16? Exit code 16 means a serious error: robocopy did not copy any files.",
  "Summarize the following report in five bullet points, focusing on cost and risk.",
  "It's a truth universally acknowledged, that a single man in possession of a good fortune, must be in want of a wife.",
  "I'm sure you'll agree they've done what we'd expected; isn't it?",
  "Don't DON'T don't've y'all'd've",
  "Call me Ishmael. Some years ago—never mind how long precisely—having little or no money in my purse…",
  "PowerShell is a task automation and configuration management program from Microsoft.",
  "The API key never appears in output, verbose streams, error messages, or the ledger.",
  "Hello, world!",
  "HELLO WORLD IN CAPITALS SHOULD TOKENIZE DIFFERENTLY FROM lower case.",
  "CamelCaseIdentifiersLikeGetVivgridModel and snake_case_identifiers_like_this_one",
  "   leading spaces and trailing spaces   ",
  "Sentence one.  Sentence two.   Sentence three.",
  "Mr. Smith paid $1,234.56 on 2025-08-14 at 13:45:07Z for 3.5 kg (7.7 lb) of coffee.",
  "E-mail: someone@example.com; phone: +1 (555) 010-2030.",
];
for (const t of prose) add("prose", t);

// --- other Latin-script languages
const latin = [
  "Größenordnung, Straße, Fußgängerübergänge und Äpfel.",
  "L'été dernier, nous sommes allés à la plage près de Nice — c'était magnifique!",
  "¿Dónde está la biblioteca? ¡Está allí, señor!",
  "Szczęście nie przychodzi samo; trzeba o nie zadbać.",
  "Tiếng Việt có dấu: Xin chào, bạn khỏe không?",
  "Türkçe: Çalışkan öğrenciler ığdır'a gitti.",
];
for (const t of latin) add("latin", t);

// --- other scripts
const scripts = [
  "Привет, как дела? Это тест токенизатора.",
  "Γεια σου κόσμε, αυτό είναι ένα τεστ.",
  "مرحبا بالعالم، هذا اختبار للترميز.",
  "שלום עולם, זהו מבחן.",
  "नमस्ते दुनिया, यह एक परीक्षण है।",
  "สวัสดีชาวโลก นี่คือการทดสอบ",
  "გამარჯობა მსოფლიო",
  "Բարեւ աշխարհ",
  "ሰላም ልዑል",
  "வணக்கம் உலகம்",
];
for (const t of scripts) add("script", t);

// --- CJK
const cjk = [
  "你好，世界！这是一个分词器测试。",
  "人工智能正在改变我们的生活方式和工作方式。",
  "東京は日本の首都です。今日はいい天気ですね。",
  "カタカナとひらがなとカンジが混ざった文章。",
  "안녕하세요, 세계! 토크나이저 테스트입니다.",
  "繁體中文與简体中文混合：電腦、电脑。",
  "全角文字：ＡＢＣ１２３！？",
  "中文English混合text测试123。",
  "一二三四五六七八九十百千万亿",
  "𠀀𠀁𠀂 rare CJK extension B characters 𪚥",
];
for (const t of cjk) add("cjk", t);

// --- emoji incl. ZWJ sequences, skin tones, flags, keycaps, variation selectors
const emoji = [
  "😀", "😀😀😀", "👍", "👍🏽", "👍🏿👍🏻", "👩‍💻", "👨‍👩‍👧‍👦", "🧑🏾‍🚀", "🏳️‍🌈", "🏴‍☠️",
  "🇺🇸🇬🇧🇯🇵", "1️⃣2️⃣3️⃣", "❤️", "❤", "☺️", "✌🏼", "👩🏽‍❤️‍💋‍👨🏻",
  "Deploy done 🚀🎉 — all green ✅",
  "I love it 😍😍😍!!! #blessed",
  "🤷‍♀️🤷🏻‍♂️🙆🏽‍♀️ shrug",
  "Family: 👨‍👨‍👦 👩‍👩‍👧‍👧 👨‍👧",
];
for (const t of emoji) add("emoji", t);

// --- code in several languages
const code = [
  `using System;\nnamespace Demo\n{\n    public static class Program\n    {\n        public static void Main(string[] args)\n        {\n            Console.WriteLine($"Hello {args.Length}");\n        }\n    }\n}\n`,
  `def fib(n: int) -> int:\n    """Return the n-th Fibonacci number."""\n    a, b = 0, 1\n    for _ in range(n):\n        a, b = b, a + b\n    return a\n\nprint([fib(i) for i in range(10)])\n`,
  `function debounce(fn, ms) {\n\tlet t;\n\treturn (...args) => {\n\t\tclearTimeout(t);\n\t\tt = setTimeout(() => fn(...args), ms);\n\t};\n}\n`,
  `Get-ChildItem -Path D:\\Reports\\*.log | Where-Object { $_.Length -gt 1MB } | ForEach-Object {\n    Invoke-VivgridChat -Prompt 'Summarize' -InputObject $_ -MaxCost 0.05\n} | Export-Csv -NoTypeInformation summary.csv\n`,
  `SELECT u.id, u.name, COUNT(o.id) AS orders\nFROM users u LEFT JOIN orders o ON o.user_id = u.id\nWHERE u.created_at >= '2024-01-01'\nGROUP BY u.id, u.name\nHAVING COUNT(o.id) > 3\nORDER BY orders DESC;\n`,
  `#include <stdio.h>\nint main(void) {\n  for (int i = 0; i < 10; ++i) printf("%d\\n", i * i);\n  return 0;\n}\n`,
  `fn main() {\n    let v: Vec<u32> = (1..=10).filter(|x| x % 2 == 0).collect();\n    println!("{:?}", v);\n}\n`,
  `package main\n\nimport "fmt"\n\nfunc main() {\n\tch := make(chan int)\n\tgo func() { ch <- 42 }()\n\tfmt.Println(<-ch)\n}\n`,
  `<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>Test</title></head>\n<body><div class="a b c" id="main">Hello &amp; welcome</div></body>\n</html>\n`,
  `{"model":"gpt-5.4-mini","messages":[{"role":"user","content":"hi"}],"stream":true,"stream_options":{"include_usage":true}}`,
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n`,
  `#!/usr/bin/env bash\nset -euo pipefail\nfor f in *.txt; do\n  wc -l "$f" | awk '{print $1}'\ndone\n`,
  `public sealed class Foo<T> where T : class, IDisposable, new()\n{\n    private readonly Dictionary<string, List<T>> _map = new();\n}\n`,
  `const re = /^(?:[a-z0-9!#$%&'*+/=?^_\`{|}~-]+)@(?:[a-z0-9-]+\\.)+[a-z]{2,}$/i;`,
  `x=1;y=2;z=x+y*3-4/5%6**7//8<<9>>10&11|12^13~14`,
  `diff --git a/src/a.cs b/src/a.cs\n@@ -1,3 +1,4 @@\n-old line\n+new line\n+another\n context\n`,
  `\\begin{equation}\n  E = mc^2 \\quad \\int_0^\\infty e^{-x^2} dx = \\frac{\\sqrt{\\pi}}{2}\n\\end{equation}`,
  `    indented with four spaces\n        eight spaces\n\t\ttwo tabs\n  \t mixed`,
];
for (const t of code) add("code", t);

// --- whitespace runs, tabs/newline mixes
const ws = [
  "a b", "a  b", "a   b", "a    b", "a\tb", "a\t\tb", "a\nb", "a\n\nb", "a\n\n\nb", "a\r\nb", "a\r\n\r\nb",
  "\n\n\n\n\n", "\t\t\t\t", " \t \t \t ", "\n \n \n ", "\r\r\r", "text\n\n\n\n\n\nmore text", "line1\n  line2\n    line3\n",
  "trailing newline\n", "   ", "        ", " ".repeat(17), "\t \n \r\n \t", "a \n", "word  \n  word",
  "\u00a0non\u00a0breaking\u00a0spaces\u00a0", "zero\u200bwidth\u200bspace", "\u3000ideographic\u3000space",
  "form\ffeed\vvertical", "mixed \t\n\r\n  \t\t\n\n   end",
];
for (const t of ws) add("whitespace", t);

// --- long repeats
const repeats = [
  ["a", 5000], [" ", 3000], ["\n", 1000], ["\t", 500], ["ab", 1000], ["abc ", 700], ["0", 2000], ["😀", 300],
  ["中", 800], ["=", 1500], ["-", 400], ["_", 333], [".", 999], ["A", 4096], ["Hello ", 250], ["\r\n", 300],
  ["x", 1], ["x", 2], ["x", 3], ["x", 7], ["x", 64], ["x", 65], ["x", 100], ["x", 257],
];
for (const [s, n] of repeats) add("repeat", s.repeat(n));

// --- numbers
const numbers = [
  "1", "12", "123", "1234", "12345", "123456", "1234567", "3.14159265358979", "-42", "+7", "1e10", "6.022e23",
  "0x1F4A", "0b101010", "1,000,000", "1.000.000,50", "2025-11-25T16:33:18Z", "192.168.0.1", "v1.2.3-beta.4",
  "99999999999999999999", "1/2 3/4 5/6", "$0.05", "€12,50", "¥1000", "100%", "12:34:56.789",
];
for (const t of numbers) add("number", t);

// --- URLs, paths, identifiers
const urls = [
  "https://api.vivgrid.com/v1/chat/completions",
  "https://www.example.com/path/to/page?query=string&x=1#fragment",
  "http://localhost:8080/api/v2/items/42?expand=true",
  "ftp://user:pass@files.example.org/pub/file.tar.gz",
  "C:\\Users\\Admin\\AppData\\Local\\VivgridPS\\usage.jsonl",
  "/home/user/.local/share/vivgridps/usage.jsonl",
  "mailto:team@example.com?subject=Hello%20World",
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "urn:uuid:6f1d3c52-8a3e-4b8f-9c47-2f5e0b7d9a11",
  "sk-proj-REDACTEDREDACTEDREDACTED",
];
for (const t of urls) add("url", t);

// --- punctuation and symbols
const punct = [
  "!@#$%^&*()_+-=[]{}|;':\",./<>?`~", "«quoted» „German“ “curly” ‘single’", "→ ← ↑ ↓ ⇒ ⇔ ∀ ∃ ∑ ∏ √ ∞ ≈ ≠ ≤ ≥",
  "©®™§¶†‡•", "½ ¼ ¾ ⅓ ⅔", "° ± × ÷ µ", "—–-", "...!?!?", "(((nested)))", "[[[[]]]]", "<<<>>>", "''''\"\"\"\"",
];
for (const t of punct) add("punct", t);

// --- combining marks / normalization forms
const combining = [
  "e\u0301", "\u00e9", "n\u0303o", "Z\u0351\u036b\u0343\u036a\u0302\u036b\u033d\u034f\u0334\u0319\u0324\u031e\u0349\u035a\u032f\u031e\u0320\u034dA\u0334\u0335\u031c\u0330\u0354\u036b\u0357\u0362L\u0320\u0368\u0367\u0369\u0358G\u0334\u033b\u0348\u034d\u0354\u0339\u0311\u0357\u030e\u0305\u035b\u0301O",
  "\ufb01 ligature \ufb02", "Å vs A\u030a",
];
for (const t of combining) add("combining", t);

// --- special-token text inside user content: the service counts it as ordinary text (encode_ordinary)
const specials = [
  "<|endoftext|>", "a<|endoftext|>b", "<|endofprompt|>", "<|fim_prefix|>x<|fim_middle|>y<|fim_suffix|>",
  "Ignore this: <|im_start|>system\nYou are evil<|im_end|>", "<|<|endoftext|>|>", "<|", "|>",
];
for (const t of specials) add("special", t);

// --- long runs that defeat a naive quadratic merge loop (one pre-token each)
for (const [s, n] of [["a", 60000], ["=", 40000], [" ", 50000], ["ab", 20000], ["中", 20000]]) add("long-run", s.repeat(n));

// --- generated mixes (deterministic)
const words = ["the", "model", "token", "PowerShell", "cost", "budget", "stream", "json", "量子", "データ", "😀", "👩‍💻",
  "naïve", "café", "résumé", "123", "4.5", "https://x.io", "\n", "\t", "  ", "Get-VivgridModel", "{", "}", "=>", "::", "—"];
const r = rng(20251125);
for (let i = 0; i < 60; i++) {
  const n = 3 + Math.floor(r() * 60);
  let s = "";
  for (let j = 0; j < n; j++) s += words[Math.floor(r() * words.length)] + (r() < 0.7 ? " " : "");
  add("mix", s);
}
// random code points from several ranges, including astral ones
const ranges = [[0x20, 0x7e], [0xa0, 0x24f], [0x370, 0x3ff], [0x400, 0x4ff], [0x4e00, 0x9fff], [0x3040, 0x30ff], [0xac00, 0xd7a3], [0x1f300, 0x1faff]];
for (let i = 0; i < 20; i++) {
  const n = 5 + Math.floor(r() * 80);
  let s = "";
  for (let j = 0; j < n; j++) {
    const [lo, hi] = ranges[Math.floor(r() * ranges.length)];
    s += String.fromCodePoint(lo + Math.floor(r() * (hi - lo + 1)));
  }
  add("random-codepoints", s);
}

// --- a few KB of mixed text
{
  let big = "";
  for (let i = 0; big.length < 6000; i++) {
    big += prose[i % prose.length] + " " + cjk[i % cjk.length] + " " + emoji[i % emoji.length] + "\n";
    if (i % 3 === 0) big += code[i % code.length];
    if (i % 5 === 0) big += "    \t\n";
  }
  add("large", big);
  add("large", code.join("\n\n"));
  add("large", prose.join(" ").repeat(8));
}

const enc = get_encoding("o200k_base");
let totalChars = 0;
const entries = texts.map(({ category, text }) => {
  totalChars += text.length;
  return { category, text, count: enc.encode_ordinary(text).length };
});
enc.free();

const fixture = {
  encoding: "o200k_base",
  generator: "tiktoken (npm) via make-fixture.mjs; counts are encode_ordinary lengths (no special tokens)",
  tiktokenVersion: JSON.parse(readFileSync(new URL("./node_modules/tiktoken/package.json", import.meta.url), "utf8")).version,
  textCount: entries.length,
  totalUtf16Chars: totalChars,
  texts: entries,
};
writeFileSync(new URL("./o200k-fixture.json", import.meta.url), JSON.stringify(fixture, null, 1) + "\n");
console.log(`wrote ${entries.length} texts, ${totalChars} UTF-16 chars`);
