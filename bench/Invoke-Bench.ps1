<#
.SYNOPSIS
    Runs every VivgridPS benchmark against the loopback emulator and prints one table of results with their baselines.
.DESCRIPTION
    Called by `build.ps1 -Task Bench`, which builds the module and the bench projects and starts the emulators. Each
    module measurement runs in its own fresh `dotnet pwsh` (bench/scripts/Measure-Module.ps1); the baselines are a raw
    HttpClient program (bench/RawClient), an empty module and, when node is installed, the official openai npm client
    (bench/node). Writes the table to -ResultsPath (bench/RESULTS.md) as well.
#>
param(
    [Parameter(Mandatory)] [string] $RepoRoot,
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $EmulatorUri,
    [Parameter(Mandatory)] [string] $LatencyEmulatorUri,
    [int] $LatencyMs = 200,
    [Parameter(Mandatory)] [string] $RawClientPath,
    [string] $BenchmarksPath,
    [string] $NodeDir,
    [string] $ResultsPath,
    [int] $ImportRuns = 10,
    [int] $FirstCallRuns = 7,
    [int] $StreamCount = 200,
    [int] $SequentialCount = 1000,
    [int] $ParallelItems = 200,
    [int] $ThrottleLimit = 16,
    [int] $BigInputBytes = 1600000,
    [int] $RateLimit = 20,
    [int] $RateLimitedItems = 300,
    # bench/ChunkBench: splitting plus exact counting of a generated log this large (-Chunk's reading pass).
    [string] $ChunkBenchPath,
    [long] $ChunkSplitBytes = 1000000000,
    # A -Chunk run through the module over a generated log this large: peak memory against the file size.
    [long] $ChunkRunBytes = 500000000
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$measure = Join-Path $PSScriptRoot 'scripts/Measure-Module.ps1'
$work = Join-Path ([IO.Path]::GetTempPath()) ("vivgridps-bench-" + [Guid]::NewGuid().ToString('n').Substring(0, 8))
New-Item -ItemType Directory -Path $work | Out-Null
$env:VIVGRID_API_KEY = 'bench-key'
$env:VIVGRID_USAGE_LOG = 'off'
$invariant = [Globalization.CultureInfo]::InvariantCulture
$rows = [Collections.Generic.List[object]]::new()
$notes = [Collections.Generic.List[string]]::new()

function Get-Median([double[]] $Values) { Get-Percentile $Values 50 }

function Get-Percentile([double[]] $Values, [double] $Percent) {
    $sorted = [double[]] ($Values | Sort-Object)
    # Nearest-rank: the smallest value with at least Percent % of the samples at or below it.
    $rank = [Math]::Max(1, [int] [Math]::Ceiling($Percent / 100 * $sorted.Count))
    $sorted[$rank - 1]
}

function Format-Number([double] $Value, [string] $Format = 'F1') { $Value.ToString($Format, $invariant) }

function Invoke-Module([string] $BaseUri, [string[]] $Arguments) {
    $env:VIVGRID_BASE_URL = $BaseUri
    $output = & dotnet pwsh -NoProfile -NonInteractive -File $measure @Arguments 2>&1 | ForEach-Object { "$_" }
    $line = $output | Where-Object { $_ -like 'BENCH-RESULT *' } | Select-Object -Last 1
    if ($LASTEXITCODE -ne 0 -or -not $line) { throw "Measure-Module $($Arguments -join ' ') failed:`n$($output -join "`n")" }
    $line.Substring('BENCH-RESULT '.Length) | ConvertFrom-Json
}

function Invoke-Elapsed([string] $Description, [scriptblock] $Command) {
    $output = & $Command 2>&1 | ForEach-Object { "$_" }
    $line = $output | Where-Object { $_ -like 'elapsedMs=*' } | Select-Object -Last 1
    if ($LASTEXITCODE -ne 0 -or -not $line) { throw "$Description failed:`n$($output -join "`n")" }
    [double]::Parse($line.Substring('elapsedMs='.Length), $invariant)
}

function Reset-Emulator([string] $BaseUri) {
    Invoke-RestMethod -Method Post -Uri (($BaseUri -replace '/v1/?$', '') + '/_emulator/reset') | Out-Null
}

function Add-Row([string] $Benchmark, [string] $VivgridPS, [string] $Baseline, [string] $Result, [string] $Target, [bool] $Met) {
    $rows.Add([pscustomobject]@{
        Benchmark = $Benchmark; VivgridPS = $VivgridPS; Baseline = $Baseline; Result = $Result; Target = $Target
        Met = if ($Met) { 'yes' } else { 'NO' }
    })
}

function New-BenchText([string] $Path, [int] $Bytes) {
    # Deterministic English-like prose, ~4 bytes per token like real reports and logs; lines of ~100 characters.
    $words = 'the nightly build finished with three warnings and one flaky test in module payments latency p99 rose to 412 ms after deploy of version 2.14.3 customer reported timeouts when uploading files larger than limit retry succeeded database migration completed in seconds cache hit ratio dropped below target for region eu-west investigate memory growth worker pool queue depth error rate stable' -split ' '
    $random = [Random]::new(42)
    $text = [Text.StringBuilder]::new($Bytes + 128)
    $line = 0
    while ($text.Length -lt $Bytes) {
        $null = $text.Append($words[$random.Next($words.Count)])
        if (++$line -eq 16) { $null = $text.Append(".`n"); $line = 0 } else { $null = $text.Append(' ') }
    }
    [IO.File]::WriteAllText($Path, $text.ToString(0, $Bytes))
}

function Write-Step([string] $Text) { Write-Host "--> $Text" -ForegroundColor Cyan }

$clock = [Diagnostics.Stopwatch]::StartNew()
try {
    # --- Import ------------------------------------------------------------------------------------------------
    Write-Step "Import-Module: $ImportRuns fresh processes each, VivgridPS and an empty module, interleaved"
    $empty = New-Item -ItemType Directory -Path (Join-Path $work 'BenchEmpty')
    Set-Content -LiteralPath (Join-Path $empty 'BenchEmpty.psm1') -Value '# intentionally empty: the import baseline'
    # A second baseline: an empty module that only ships a one-view .ps1xml. pwsh builds its whole format database
    # the first time any module's FormatsToProcess loads, so this row shows how much of the import is that.
    $formatted = New-Item -ItemType Directory -Path (Join-Path $work 'BenchFormat')
    Set-Content -LiteralPath (Join-Path $formatted 'BenchFormat.psm1') -Value '# empty'
    Set-Content -LiteralPath (Join-Path $formatted 'BenchFormat.Format.ps1xml') -Value '<Configuration><ViewDefinitions><View><Name>BenchFormat</Name><ViewSelectedBy><TypeName>BenchFormat.Item</TypeName></ViewSelectedBy><ListControl><ListEntries><ListEntry><ListItems><ListItem><PropertyName>Name</PropertyName></ListItem></ListItems></ListEntry></ListEntries></ListControl></View></ViewDefinitions></Configuration>'
    New-ModuleManifest -Path (Join-Path $formatted 'BenchFormat.psd1') -RootModule 'BenchFormat.psm1' -FormatsToProcess 'BenchFormat.Format.ps1xml'
    $ours = @(); $baseline = @(); $withFormat = @()
    foreach ($i in 1..$ImportRuns) {
        $baseline += (Invoke-Module $EmulatorUri @('-Mode', 'Import', '-ModulePath', $empty.FullName)).ms
        $ours += (Invoke-Module $EmulatorUri @('-Mode', 'Import', '-ModulePath', $ModulePath)).ms
        $withFormat += (Invoke-Module $EmulatorUri @('-Mode', 'Import', '-ModulePath', (Join-Path $formatted 'BenchFormat.psd1'))).ms
    }
    $formatMs = Get-Median $withFormat
    $oursMs = Get-Median $ours; $emptyMs = Get-Median $baseline
    Add-Row 'Import-Module (median)' "$(Format-Number $oursMs) ms" "$(Format-Number $emptyMs) ms (empty .psm1)" `
        "+$(Format-Number ($oursMs - $emptyMs)) ms" '<= +100 ms' (($oursMs - $emptyMs) -le 100)
    Add-Row 'Import-Module vs a module with one format view' "$(Format-Number $oursMs) ms" "$(Format-Number $formatMs) ms (empty .psm1 + 1-view .ps1xml)" `
        "+$(Format-Number ($oursMs - $formatMs)) ms" 'info' $true

    # --- First call ----------------------------------------------------------------------------------------------
    Write-Step "First call in a fresh process: $FirstCallRuns runs each, module vs raw HttpClient"
    $null = Invoke-Elapsed 'RawClient warm-up' { dotnet $RawClientPath first $EmulatorUri }
    $ours = @(); $raw = @()
    foreach ($i in 1..$FirstCallRuns) {
        $raw += Invoke-Elapsed 'RawClient first' { dotnet $RawClientPath first $EmulatorUri }
        $ours += (Invoke-Module $EmulatorUri @('-Mode', 'FirstCall', '-ModulePath', $ModulePath)).ms
    }
    $oursMs = Get-Median $ours; $rawMs = Get-Median $raw
    Add-Row 'First call: import + 1 request (median)' "$(Format-Number $oursMs) ms" "$(Format-Number $rawMs) ms (raw HttpClient)" `
        "+$(Format-Number ($oursMs - $rawMs)) ms" '<= +300 ms' (($oursMs - $rawMs) -le 300)

    # --- Streaming pass-through ----------------------------------------------------------------------------------
    Write-Step "Streaming pass-through: $StreamCount streams, emulator firstContentAt -> first delta in ForEach-Object"
    Reset-Emulator $EmulatorUri
    $micros = [double[]] (Invoke-Module $EmulatorUri @('-Mode', 'Streaming', '-ModulePath', $ModulePath, '-Count', $StreamCount)).micros
    $median = (Get-Median $micros) / 1000; $p99 = (Get-Percentile $micros 99) / 1000
    Add-Row "Stream pass-through, $StreamCount streams" "median $(Format-Number $median 'F3') ms, p99 $(Format-Number $p99 'F3') ms" `
        'emulator flush of 1st content chunk' "$(Format-Number $median 'F3') ms" '<= 2 ms median' ($median -le 2)

    # --- Sequential ----------------------------------------------------------------------------------------------
    Write-Step "Sequential: $SequentialCount non-streaming + $SequentialCount streaming calls (module, Invoke-RestMethod, raw, node)"
    # The emulator is a .NET process too: a fresh one answers about twice as slowly until its own code is tiered up,
    # which would charge whichever column runs first. Warm it with 3,000 raw calls (discarded), then alternate the
    # module and raw columns over 3 rounds and keep each column's median.
    $null = Invoke-Elapsed 'emulator warm-up' { dotnet $RawClientPath seq $EmulatorUri 1500 nonstream }
    $null = Invoke-Elapsed 'emulator warm-up' { dotnet $RawClientPath seq $EmulatorUri 1500 stream }
    # Each column starts on a freshly reset emulator (it records every request), and the even round runs the raw
    # columns first, so neither side always follows the other.
    $rounds = foreach ($round in 1..3) {
        $result = [pscustomobject]@{ Module = $null; RawPlain = 0.0; RawStream = 0.0 }
        $columns = @(
            { Reset-Emulator $EmulatorUri; $result.Module = Invoke-Module $EmulatorUri @('-Mode', 'Sequential', '-ModulePath', $ModulePath, '-Count', $SequentialCount) },
            { Reset-Emulator $EmulatorUri; $result.RawPlain = Invoke-Elapsed 'RawClient seq nonstream' { dotnet $RawClientPath seq $EmulatorUri $SequentialCount nonstream } },
            { Reset-Emulator $EmulatorUri; $result.RawStream = Invoke-Elapsed 'RawClient seq stream' { dotnet $RawClientPath seq $EmulatorUri $SequentialCount stream } })
        if ($round % 2 -eq 0) { [array]::Reverse($columns) }
        foreach ($column in $columns) { . $column }
        $result
    }
    Reset-Emulator $EmulatorUri
    $seq = [pscustomobject]@{
        nonStreamMs  = Get-Median @($rounds.Module.nonStreamMs)
        streamMs     = Get-Median @($rounds.Module.streamMs)
        eachMs       = Get-Median @($rounds.Module.eachMs)
        restMethodMs = Get-Median @($rounds.Module.restMethodMs)
        scriptHttpClientMs = Get-Median @($rounds.Module.scriptHttpClientMs)
    }
    $rawPlain = Get-Median @($rounds.RawPlain)
    $rawStream = Get-Median @($rounds.RawStream)
    $hasNode = $NodeDir -and (Get-Command node -ErrorAction SilentlyContinue) -and (Test-Path (Join-Path $NodeDir 'node_modules/openai'))
    $nodePlain = $null; $nodeStream = $null
    if ($hasNode) {
        $script = Join-Path $NodeDir 'seq.mjs'
        $nodePlain = Invoke-Elapsed 'node seq nonstream' { node $script $EmulatorUri $SequentialCount nonstream }
        $nodeStream = Invoke-Elapsed 'node seq stream' { node $script $EmulatorUri $SequentialCount stream }
        Reset-Emulator $EmulatorUri
    }
    else {
        $notes.Add('node (or bench/node/node_modules) is not available: the openai npm column was skipped.')
    }
    foreach ($case in @(
            @{ Name = 'non-streaming'; Ours = $seq.nonStreamMs; Raw = $rawPlain; Node = $nodePlain; Rest = $seq.restMethodMs },
            @{ Name = 'streaming'; Ours = $seq.streamMs; Raw = $rawStream; Node = $nodeStream; Rest = $null })) {
        $perOurs = $case.Ours / $SequentialCount; $perRaw = $case.Raw / $SequentialCount
        $baselineText = "raw $(Format-Number $perRaw 'F3') ms/call"
        if ($null -ne $case.Node) { $baselineText += "; openai npm $(Format-Number ($case.Node / $SequentialCount) 'F3') ms/call" }
        if ($null -ne $case.Rest) {
            $baselineText += "; HttpClient from a pwsh loop $(Format-Number ($seq.scriptHttpClientMs / $SequentialCount) 'F3') ms/call"
            $baselineText += "; Invoke-RestMethod $(Format-Number ($case.Rest / $SequentialCount) 'F3') ms/call"
        }
        Add-Row "Sequential $SequentialCount, $($case.Name)" "$(Format-Number $perOurs 'F3') ms/call" $baselineText `
            "$(Format-Number ($perOurs / $perRaw) 'F2')x raw (+$(Format-Number (($perOurs - $perRaw) * 1000) 'F0') us/call)" '<= 1.2x raw' (($perOurs / $perRaw) -le 1.2)
    }
    $perEach = $seq.eachMs / $SequentialCount
    Add-Row "Sequential $SequentialCount as one -Each pipeline" "$(Format-Number $perEach 'F3') ms/call" "raw $(Format-Number ($rawStream / $SequentialCount) 'F3') ms/call (streaming)" `
        "$(Format-Number ($perEach / ($rawStream / $SequentialCount)) 'F2')x raw" 'info' $true

    # --- Parallel ------------------------------------------------------------------------------------------------
    Write-Step "Parallel: $ParallelItems items, -Each -ThrottleLimit $ThrottleLimit, emulator latency $LatencyMs ms"
    $par = Invoke-Module $LatencyEmulatorUri @('-Mode', 'Parallel', '-ModulePath', $ModulePath, '-Count', $ParallelItems, '-ThrottleLimit', $ThrottleLimit)
    $ideal = $ParallelItems / $ThrottleLimit * $LatencyMs
    $efficiency = $ideal / $par.ms * 100
    Add-Row "Parallel $ParallelItems items, -ThrottleLimit $ThrottleLimit" "$(Format-Number $par.ms 'F0') ms" "ideal $(Format-Number $ideal 'F0') ms ($ParallelItems/$ThrottleLimit x $LatencyMs ms)" `
        "$(Format-Number $efficiency 'F1') % of ideal" '>= 90 %' ($efficiency -ge 90)

    # --- Big input -----------------------------------------------------------------------------------------------
    Write-Step "Big input: $([Math]::Round($BigInputBytes / 1MB, 2)) MB of text through Get-Content | Invoke-VivgridChat"
    $bigFile = Join-Path $work 'big-input.txt'
    New-BenchText -Path $bigFile -Bytes $BigInputBytes
    Reset-Emulator $EmulatorUri
    $big = Invoke-Module $EmulatorUri @('-Mode', 'BigInput', '-ModulePath', $ModulePath, '-InputPath', $bigFile)
    $pipe = Invoke-Module $EmulatorUri @('-Mode', 'BigInput', '-ModulePath', $ModulePath, '-InputPath', $bigFile, '-PipelineOnly')
    Reset-Emulator $EmulatorUri
    $delta = $big.peakBytes - $big.beforeBytes
    $pipeDelta = $pipe.peakBytes - $pipe.beforeBytes
    $ratio = $delta / $big.inputBytes
    $how = if ($big.peakReset) { 'peak RSS (VmHWM reset) - RSS before' } else { 'PeakWorkingSet64 - WorkingSet64 before' }
    Add-Row "Big input $(Format-Number ($big.inputBytes / 1MB) 'F2') MB (~$($big.inputTokens) tokens), Get-Content lines" "+$(Format-Number ($delta / 1MB)) MB peak" `
        "input $(Format-Number ($big.inputBytes / 1MB) 'F2') MB; Get-Content | Out-Null alone +$(Format-Number ($pipeDelta / 1MB)) MB; $how" "$(Format-Number $ratio 'F2')x input" '<= 5x' ($ratio -le 5)
    # The same file piped as a FileInfo (Get-Item / Get-ChildItem): the module reads it, no line objects.
    $file = Invoke-Module $EmulatorUri @('-Mode', 'BigInput', '-ModulePath', $ModulePath, '-InputPath', $bigFile, '-AsFile')
    Reset-Emulator $EmulatorUri
    $fileDelta = $file.peakBytes - $file.beforeBytes
    $fileRatio = $fileDelta / $file.inputBytes
    Add-Row "Big input $(Format-Number ($file.inputBytes / 1MB) 'F2') MB (~$($file.inputTokens) tokens), Get-Item file" "+$(Format-Number ($fileDelta / 1MB)) MB peak" `
        "input $(Format-Number ($file.inputBytes / 1MB) 'F2') MB; $how" "$(Format-Number $fileRatio 'F2')x input" '<= 5x' ($fileRatio -le 5)

    # --- -Chunk: split + count throughput, and the memory of a whole run --------------------------------------------
    if ($ChunkBenchPath) {
        Write-Step "-Chunk: split + count a generated $([Math]::Round($ChunkSplitBytes / 1GB, 2)) GB IIS log (bench/ChunkBench)"
        $log = Join-Path $work 'chunk-split.log'
        & dotnet $ChunkBenchPath generate $log $ChunkSplitBytes
        if ($LASTEXITCODE -ne 0) { throw 'ChunkBench generate failed.' }
        # The budget of gpt-5.4-mini with a short prompt: its 400,000-token window minus 16,384 reserved for the answer
        # and the prompt's own tokens.
        $out = & dotnet $ChunkBenchPath split $log 383000 2>&1 | ForEach-Object { "$_" }
        $line = $out | Where-Object { $_ -like 'BENCH-RESULT *' } | Select-Object -Last 1
        if ($LASTEXITCODE -ne 0 -or -not $line) { throw "ChunkBench split failed:`n$($out -join "`n")" }
        $split = $line.Substring('BENCH-RESULT '.Length) | ConvertFrom-Json
        Remove-Item -LiteralPath $log
        $splitPeak = ($split.peakBytes - $split.beforeBytes) / 1MB
        Add-Row "-Chunk split + exact count, $(Format-Number ($split.bytes / 1e9) 'F2') GB generated IIS log" "$(Format-Number $split.mbPerSecond) MB/s" `
            "$($split.chunks) chunks of <= 383,000 tokens, $($split.tokens) tokens; $(Format-Number $split.mbPerCpuSecond) MB per CPU-second; $([Environment]::ProcessorCount) cores shared" "$(Format-Number $split.seconds) s" '>= 50 MB/s' ($split.mbPerSecond -ge 50)
        Add-Row "-Chunk split peak memory, same 1 GB pass" "+$(Format-Number $splitPeak) MB peak" `
            "input $(Format-Number ($split.bytes / 1MB) 'F0') MB; peak RSS (VmHWM reset) - RSS before" "$(Format-Number ($splitPeak * 1MB / $split.bytes * 100) 'F2') % of input" 'independent of input size' ($splitPeak -lt 200)

        Write-Step "-Chunk: Get-Item | Invoke-VivgridChat -Chunk over a generated $([Math]::Round($ChunkRunBytes / 1MB)) MB log"
        $runLog = Join-Path $work 'chunk-run.log'
        & dotnet $ChunkBenchPath generate $runLog $ChunkRunBytes
        Reset-Emulator $EmulatorUri
        $run = Invoke-Module $EmulatorUri @('-Mode', 'ChunkInput', '-ModulePath', $ModulePath, '-InputPath', $runLog, '-ThrottleLimit', '4')
        Reset-Emulator $EmulatorUri
        Remove-Item -LiteralPath $runLog
        $runPeak = ($run.peakBytes - $run.beforeBytes) / 1MB
        Add-Row "-Chunk run, $(Format-Number ($run.inputBytes / 1MB) 'F0') MB log, -ThrottleLimit 4" "+$(Format-Number $runPeak) MB peak" `
            "$($run.chunks) chunks, $($run.requests) requests, $($run.inputTokens) input tokens in $(Format-Number $run.seconds 'F0') s (emulator counts each request too)" `
            "$(Format-Number ($runPeak * 1MB / $run.inputBytes * 100) 'F2') % of input" '~ ThrottleLimit x chunk size' ($runPeak -lt 400)
    }

    # --- Rate-limited server (issue 20) -----------------------------------------------------------------------------
    $control = $EmulatorUri -replace '/v1/?$', ''
    foreach ($case in @(
            @{ Mode = 'RateLimited'; Name = "-Each -ThrottleLimit 32"; Throttle = 32 },
            @{ Mode = 'RateLimitedParallel'; Name = "ForEach-Object -Parallel -ThrottleLimit 16"; Throttle = 16 })) {
        Write-Step "Rate-limited: $RateLimitedItems items, $($case.Name), emulator admits $RateLimit requests/s"
        Reset-Emulator $EmulatorUri
        Invoke-RestMethod -Method Post -Uri "$control/_emulator/ratelimit?perSecond=$RateLimit" | Out-Null
        try {
            $limited = Invoke-Module $EmulatorUri @('-Mode', $case.Mode, '-ModulePath', $ModulePath, '-Count', $RateLimitedItems, '-ThrottleLimit', $case.Throttle)
            $stats = Invoke-RestMethod -Uri "$control/_emulator/ratelimit"
        }
        finally {
            Invoke-RestMethod -Method Post -Uri "$control/_emulator/ratelimit?perSecond=0" | Out-Null
        }
        $seconds = $limited.ms / 1000
        $share = 100 * $RateLimitedItems / $seconds / $RateLimit
        Add-Row "Rate limit $RateLimit req/s, $RateLimitedItems items, $($case.Name)" "$(Format-Number $seconds 'F2') s, $(Format-Number ($RateLimitedItems / $seconds)) req/s" `
            "ideal $(Format-Number ($RateLimitedItems / $RateLimit) 'F0') s; $($stats.limited) x 429 sent; $($limited.failed) item(s) failed" `
            "$(Format-Number $share 'F1') % of the limit" '>= 80 %, no item failed' (($share -ge 80) -and ($limited.failed -eq 0))
    }

    # --- Micro-benchmarks ----------------------------------------------------------------------------------------
    $micro = $null
    if ($BenchmarksPath) {
        Write-Step 'Core micro-benchmarks (BenchmarkDotNet, short in-process job)'
        $tablePath = Join-Path $work 'micro.md'
        $log = Join-Path $work 'benchmarkdotnet.log'
        & dotnet $BenchmarksPath --table $tablePath *> $log
        if ($LASTEXITCODE -ne 0 -or -not (Test-Path $tablePath)) { throw "BenchmarkDotNet failed; log: $log" }
        $micro = Get-Content -LiteralPath $tablePath -Raw
    }
}
finally {
    Remove-Item Env:VIVGRID_BASE_URL -ErrorAction SilentlyContinue
}

$elapsed = $clock.Elapsed
Write-Host ''
$rows | Format-Table -Wrap -AutoSize | Out-String -Width 220 | Write-Host
if ($micro) { Write-Host $micro }
foreach ($note in $notes) { Write-Host "Note: $note" -ForegroundColor Yellow }
Write-Host "Bench measurements took $(Format-Number $elapsed.TotalSeconds 'F0') s."

if ($ResultsPath) {
    $os = if (Test-Path /etc/os-release) { (Get-Content /etc/os-release | Where-Object { $_ -like 'PRETTY_NAME=*' }) -replace '^PRETTY_NAME="?|"$', '' } else { [Runtime.InteropServices.RuntimeInformation]::OSDescription }
    $md = [Text.StringBuilder]::new()
    $null = $md.AppendLine('# VivgridPS benchmarks').AppendLine()
    $null = $md.AppendLine('Latest run of `dotnet pwsh ./build.ps1 -Task Bench` (written by bench/Invoke-Bench.ps1; do not edit by hand).').AppendLine()
    $null = $md.AppendLine("- Date: $([DateTime]::UtcNow.ToString('yyyy-MM-dd HH:mm', $invariant)) UTC")
    $null = $md.AppendLine("- Machine: $([Environment]::ProcessorCount) cores (shared), $os, .NET $([Environment]::Version), pwsh $($PSVersionTable.PSVersion)" +
        $(if ($hasNode) { ", node $(node --version)" } else { '' }))
    $null = $md.AppendLine("- Server: tests/emulator on 127.0.0.1 (second instance with ``--latency-ms $LatencyMs`` for the parallel row)")
    $null = $md.AppendLine("- Bench measurements took $(Format-Number $elapsed.TotalSeconds 'F0') s").AppendLine()
    $null = $md.AppendLine('| Benchmark | VivgridPS | Baseline (same run) | Result | Target | Met |')
    $null = $md.AppendLine('|---|---|---|---|---|---|')
    foreach ($row in $rows) {
        $null = $md.AppendLine("| $($row.Benchmark) | $($row.VivgridPS) | $($row.Baseline) | $($row.Result) | $($row.Target) | $($row.Met) |")
    }
    if ($micro) { $null = $md.AppendLine().AppendLine('## Core micro-benchmarks').AppendLine().Append($micro) }
    foreach ($note in $notes) { $null = $md.AppendLine().AppendLine("Note: $note") }
    $null = $md.AppendLine().Append((Get-Content -LiteralPath (Join-Path $PSScriptRoot 'METHOD.md') -Raw))
    Set-Content -LiteralPath $ResultsPath -Value $md.ToString() -NoNewline
    Write-Host "Results written to $ResultsPath"
}
Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
