<#
.SYNOPSIS
    One benchmark measurement inside a fresh pwsh; run by bench/Invoke-Bench.ps1, one process per call.
.DESCRIPTION
    Prints progress lines, then exactly one line "BENCH-RESULT <json>" that the orchestrator parses. Every timing is
    taken inside this process with a Stopwatch (or DateTime.UtcNow where it is compared with the emulator's clock),
    so pwsh's own start-up time is not part of any number.
    VIVGRID_BASE_URL, VIVGRID_API_KEY and VIVGRID_USAGE_LOG=off come from the orchestrator's environment.
#>
param(
    [Parameter(Mandatory)] [ValidateSet('Import', 'FirstCall', 'Streaming', 'Sequential', 'Parallel', 'BigInput', 'RateLimited', 'RateLimitedParallel', 'ChunkInput')]
    [string] $Mode,
    [Parameter(Mandatory)] [string] $ModulePath,
    [int] $Count = 200,
    [int] $ThrottleLimit = 16,
    [string] $InputPath,
    # BigInput: measure `Get-Content | Out-Null` instead, the pipeline's own share of the peak.
    [switch] $PipelineOnly,
    # BigInput: pipe the file itself (Get-Item) instead of its lines, so the module reads it.
    [switch] $AsFile
)
$ErrorActionPreference = 'Stop'

function Out-Result([hashtable] $Values) { 'BENCH-RESULT ' + ($Values | ConvertTo-Json -Compress -Depth 4) }

switch ($Mode) {
    'Import' {
        # Works for the real module and for the empty baseline module alike.
        $clock = [Diagnostics.Stopwatch]::StartNew()
        Import-Module $ModulePath
        $ms = $clock.Elapsed.TotalMilliseconds
        Out-Result @{ ms = $ms }
    }
    'FirstCall' {
        # What a user's script pays on its first line: import, one request, the result object in hand.
        $clock = [Diagnostics.Stopwatch]::StartNew()
        Import-Module $ModulePath
        $result = Invoke-VivgridChat 'Say hello' -Model gpt-5.4-mini
        $ms = $clock.Elapsed.TotalMilliseconds
        if (-not $result.Content) { throw 'The first call returned no content.' }
        Out-Result @{ ms = $ms }
    }
    'Streaming' {
        # Pass-through: when did the first delta reach the next command, against when the emulator flushed it.
        Import-Module $ModulePath
        $root = $env:VIVGRID_BASE_URL -replace '/v1/?$', ''
        $warmup = 20
        foreach ($i in 1..$warmup) { Invoke-VivgridChat "Say hello $i" -Model gpt-5.4-mini -Stream | Out-Null }
        Invoke-RestMethod -Method Post -Uri "$root/_emulator/reset" | Out-Null
        $seen = [Collections.Generic.List[datetime]]::new($Count)
        foreach ($i in 1..$Count) {
            $first = $null
            Invoke-VivgridChat "Say hello $i" -Model gpt-5.4-mini -Stream | ForEach-Object {
                if ($null -eq $first) { $first = [datetime]::UtcNow }
            }
            $seen.Add($first)
        }
        $requests = @(Invoke-RestMethod -Uri "$root/_emulator/requests" | ForEach-Object { $_ })
        if ($requests.Count -ne $Count) { throw "The emulator recorded $($requests.Count) requests, expected $Count." }
        $micros = for ($i = 0; $i -lt $Count; $i++) {
            # Invoke-RestMethod may already have turned the ISO-8601 text into a DateTime; either way compare in UTC.
            $stamp = $requests[$i].firstContentAt
            if ($null -eq $stamp) { throw "Request $i has no firstContentAt." }
            $sent = if ($stamp -is [datetime]) { $stamp.ToUniversalTime() } else {
                [datetime]::Parse($stamp, [Globalization.CultureInfo]::InvariantCulture, [Globalization.DateTimeStyles]::RoundtripKind).ToUniversalTime() }
            ($seen[$i] - $sent).Ticks / 10.0
        }
        Out-Result @{ micros = @($micros) }
    }
    'Sequential' {
        # Small calls in a loop, as a script over a list would make them; 100 warm-up calls of each kind first
        # (tiered JIT, pooled connection), as every column does.
        Import-Module $ModulePath
        for ($w = 0; $w -lt 100; $w++) {
            $null = Invoke-VivgridChat "warm up $w" -Model gpt-5.4-mini
            $null = Invoke-VivgridChat "warm up $w" -Model gpt-5.4-mini -Stream
        }
        $clock = [Diagnostics.Stopwatch]::StartNew()
        for ($i = 0; $i -lt $Count; $i++) { $null = Invoke-VivgridChat "Say hello $i" -Model gpt-5.4-mini }
        $plain = $clock.Elapsed.TotalMilliseconds
        $clock.Restart()
        for ($i = 0; $i -lt $Count; $i++) { $null = Invoke-VivgridChat "Say hello $i" -Model gpt-5.4-mini -Stream }
        $streamed = $clock.Elapsed.TotalMilliseconds
        # The same calls as one pipeline (-Each): no per-call cmdlet start-up.
        $clock.Restart()
        $results = @(0..($Count - 1) | ForEach-Object { "Say hello $_" } | Invoke-VivgridChat -Each -Model gpt-5.4-mini)
        $each = $clock.Elapsed.TotalMilliseconds
        if ($results.Count -ne $Count) { throw "-Each returned $($results.Count) results, expected $Count." }
        # What a PowerShell user would write without the module: Invoke-RestMethod with a non-streaming JSON body
        # (it cannot stream), the answer read from the parsed object. Same warm-up as the other columns.
        $uri = "$env:VIVGRID_BASE_URL/chat/completions"
        $headers = @{ Authorization = "Bearer $env:VIVGRID_API_KEY" }
        function Invoke-RestLoop([int] $Calls) {
            for ($i = 0; $i -lt $Calls; $i++) {
                $body = '{"model":"gpt-5.4-mini","messages":[{"role":"user","content":"Say hello ' + $i + '"}]}'
                $null = (Invoke-RestMethod -Method Post -Uri $uri -Headers $headers -ContentType 'application/json' -Body $body).choices[0].message.content
            }
        }
        Invoke-RestLoop 100
        $clock.Restart()
        Invoke-RestLoop $Count
        $restMethod = $clock.Elapsed.TotalMilliseconds
        # The floor for any PowerShell code making these calls: HttpClient driven from a script loop, non-streaming
        # JSON read with JsonDocument. It pays the same per-statement and .NET-call binding costs a cmdlet pays, and
        # nothing else (no parameter binding, no result object, no SSE).
        $client = [System.Net.Http.HttpClient]::new()
        $endpoint = [uri] $uri
        function Invoke-HttpClientLoop([int] $Calls) {
            for ($i = 0; $i -lt $Calls; $i++) {
                $request = [System.Net.Http.HttpRequestMessage]::new([System.Net.Http.HttpMethod]::Post, $endpoint)
                $request.Headers.Authorization = [System.Net.Http.Headers.AuthenticationHeaderValue]::new('Bearer', $env:VIVGRID_API_KEY)
                $body = '{"model":"gpt-5.4-mini","messages":[{"role":"user","content":"Say hello ' + $i + '"}]}'
                $request.Content = [System.Net.Http.StringContent]::new($body, [System.Text.Encoding]::UTF8, 'application/json')
                $response = $client.SendAsync($request).GetAwaiter().GetResult()
                $json = $response.Content.ReadAsStringAsync().GetAwaiter().GetResult()
                $document = [System.Text.Json.JsonDocument]::Parse($json)
                $null = $document.RootElement.GetProperty('choices')[0].GetProperty('message').GetProperty('content').GetString()
                $document.Dispose(); $response.Dispose(); $request.Dispose()
            }
        }
        Invoke-HttpClientLoop 100
        $clock.Restart()
        Invoke-HttpClientLoop $Count
        $scriptHttpClient = $clock.Elapsed.TotalMilliseconds
        $client.Dispose()
        Out-Result @{ nonStreamMs = $plain; streamMs = $streamed; eachMs = $each; restMethodMs = $restMethod; scriptHttpClientMs = $scriptHttpClient }
    }
    'Parallel' {
        Import-Module $ModulePath
        # Warm-up: one full wave, so connections and thread-pool threads exist before the clock starts.
        $null = 1..$ThrottleLimit | ForEach-Object { "warm $_" } | Invoke-VivgridChat -Each -ThrottleLimit $ThrottleLimit -Model gpt-5.4-mini
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $results = @(1..$Count | ForEach-Object { "item $_" } | Invoke-VivgridChat -Each -ThrottleLimit $ThrottleLimit -Model gpt-5.4-mini)
        $ms = $clock.Elapsed.TotalMilliseconds
        if ($results.Count -ne $Count) { throw "-Each returned $($results.Count) results, expected $Count." }
        Out-Result @{ ms = $ms }
    }
    { $_ -in 'RateLimited', 'RateLimitedParallel' } {
        # Issue 20: the emulator admits a fixed rate (its token bucket); the gate must make that the only ceiling.
        # A fresh key per run: the gate is per base URL and key, and must start with nothing learned.
        Import-Module $ModulePath
        $env:VIVGRID_API_KEY = 'bench-ratelimit-' + [guid]::NewGuid().ToString('N')
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $results = if ($Mode -eq 'RateLimited') {
            @(1..$Count | ForEach-Object { "ticket $_" } | Invoke-VivgridChat -Prompt 'Classify' -Each -ThrottleLimit $ThrottleLimit -Model gpt-5.4-nano -MaxRetries 3)
        }
        else {
            $module = $ModulePath
            @(1..$Count | ForEach-Object -ThrottleLimit $ThrottleLimit -Parallel {
                Import-Module $using:module
                Invoke-VivgridChat "ticket $_" -Model gpt-5.4-nano -MaxRetries 3
            })
        }
        $ms = $clock.Elapsed.TotalMilliseconds
        $failed = $Count - @($results | Where-Object { $_.Content }).Count
        Out-Result @{ ms = $ms; failed = $failed }
    }
    'BigInput' {
        Import-Module $ModulePath
        # Warm-up through the same path with a small input, so one-time costs (JIT, catalog, HTTP) are not counted.
        $null = 'a small warm-up document' | Invoke-VivgridChat -Prompt 'Summarize this' -Model gemini-3.1-flash-lite-preview
        $small = Join-Path ([IO.Path]::GetTempPath()) "vivgrid-bench-warm-$PID.txt"
        Set-Content -LiteralPath $small -Value 'a small warm-up file'
        $null = Get-Item -LiteralPath $small | Invoke-VivgridChat -Prompt 'Summarize this' -Model gemini-3.1-flash-lite-preview
        Remove-Item -LiteralPath $small
        [GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
        $self = [Diagnostics.Process]::GetCurrentProcess()
        $self.Refresh()
        $before = $self.WorkingSet64
        # Linux: writing 5 to clear_refs resets the peak (VmHWM) to the current RSS, so the peak read afterwards
        # belongs to this call alone. Elsewhere the process-lifetime peak is used (an over-estimate, never under).
        $reset = $false
        try { [IO.File]::WriteAllText('/proc/self/clear_refs', '5'); $reset = $true } catch { }
        $tokens = 0
        if ($PipelineOnly) {
            Get-Content -LiteralPath $InputPath | Out-Null
        }
        else {
            # Two literal pipelines: collecting Get-Content into a variable first would hold every line at once.
            $result = if ($AsFile) {
                Get-Item -LiteralPath $InputPath | Invoke-VivgridChat -Prompt 'Summarize this' -Model gemini-3.1-flash-lite-preview
            }
            else {
                Get-Content -LiteralPath $InputPath | Invoke-VivgridChat -Prompt 'Summarize this' -Model gemini-3.1-flash-lite-preview
            }
            if (-not $result.Content) { throw 'The big-input call returned no content.' }
            $tokens = $result.InputTokens
        }
        $self.Refresh()
        $peak = $self.PeakWorkingSet64
        Out-Result @{ inputBytes = (Get-Item -LiteralPath $InputPath).Length; beforeBytes = $before; peakBytes = $peak
                      peakReset = $reset; inputTokens = $tokens }
    }
    'ChunkInput' {
        # A file far past the context window through -Chunk: the peak must not grow with the file (SPEC §5).
        Import-Module $ModulePath
        $small = Join-Path ([IO.Path]::GetTempPath()) "vivgrid-bench-chunk-warm-$PID.txt"
        Set-Content -LiteralPath $small -Value (1..200 | ForEach-Object { "warm-up line $_" })
        $null = Get-Item -LiteralPath $small | Invoke-VivgridChat -Prompt 'Summarize this' -Model gpt-5.4-mini -ChunkTokens 500
        Remove-Item -LiteralPath $small
        [GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
        $self = [Diagnostics.Process]::GetCurrentProcess()
        $self.Refresh()
        $before = $self.WorkingSet64
        $reset = $false
        try { [IO.File]::WriteAllText('/proc/self/clear_refs', '5'); $reset = $true } catch { }
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $result = Get-Item -LiteralPath $InputPath | Invoke-VivgridChat -Prompt 'Summarize this' -Model gpt-5.4-mini -Chunk -ThrottleLimit $ThrottleLimit
        $seconds = $clock.Elapsed.TotalSeconds
        if (-not $result.Content -or $result.ChunkCount -lt 2) { throw 'The -Chunk run returned no combined answer.' }
        $self.Refresh()
        $peak = $self.PeakWorkingSet64
        Out-Result @{ inputBytes = (Get-Item -LiteralPath $InputPath).Length; beforeBytes = $before; peakBytes = $peak; peakReset = $reset
                      chunks = $result.ChunkCount; requests = $result.Parts.Count + 1; inputTokens = $result.InputTokens; seconds = $seconds }
    }
}
