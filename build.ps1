<#
.SYNOPSIS
    The one entry point: build the module, run the tests, run the demo.
.DESCRIPTION
    Build  - compiles both builds (net8.0, netstandard2.0) and stages an importable module at out/VivgridPS.
    Test   - Build, then xunit (core + in-process cmdlets) and Pester (the built module in a child pwsh), and
             prints one closing line "N passed, N failed" totalling both.
    Demo   - Build, then pipes a sample report into Invoke-VivgridChat -Stream and shows the cost: against the
             real service when VIVGRID_API_KEY is set, otherwise against the bundled loopback emulator.
    Bench  - Build, then the benchmarks in bench/ against the loopback emulator, each beside its baseline (raw
             HttpClient, an empty module, the openai npm client when node is installed); writes bench/RESULTS.md.
    The default runs Build then Demo.
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Bench')]
    [string[]] $Task = @('Build', 'Demo'),
    [ValidateSet('Release', 'Debug')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$root = $PSScriptRoot
$out = Join-Path $root 'out'
$staged = Join-Path $out 'VivgridPS'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'

function Invoke-Native {
    param([string] $Description, [scriptblock] $Command)
    Write-Host "==> $Description" -ForegroundColor Cyan
    & $Command
    if ($LASTEXITCODE -ne 0) { throw "$Description failed (exit code $LASTEXITCODE)." }
}

function Get-NuGetPackageRoot {
    if ($env:NUGET_PACKAGES) { return $env:NUGET_PACKAGES }
    $line = & dotnet nuget locals global-packages --list
    return ($line -replace '^global-packages:\s*', '').Trim()
}

# The files each build ships. An allow-list, so a missing dependency fails the build instead of the user's import.
$shipped = @{
    'net8.0'         = @('VivgridPS.dll', 'VivgridPS.Core.dll', 'System.Net.ServerSentEvents.dll',
                         'Microsoft.ML.Tokenizers.dll', 'Microsoft.ML.Tokenizers.Data.O200kBase.dll', 'Google.Protobuf.dll')
    'netstandard2.0' = @('VivgridPS.dll', 'VivgridPS.Core.dll', 'System.Net.ServerSentEvents.dll',
                         'Microsoft.ML.Tokenizers.dll', 'Microsoft.ML.Tokenizers.Data.O200kBase.dll', 'Google.Protobuf.dll',
                         'System.Text.Json.dll', 'System.Text.Encodings.Web.dll', 'Microsoft.Bcl.AsyncInterfaces.dll',
                         'Microsoft.Bcl.HashCode.dll', 'Microsoft.Bcl.Memory.dll', 'System.Buffers.dll', 'System.IO.Pipelines.dll',
                         'System.Memory.dll', 'System.Numerics.Vectors.dll', 'System.Runtime.CompilerServices.Unsafe.dll',
                         'System.Threading.Tasks.Extensions.dll')
}

function Invoke-Build {
    Invoke-Native 'dotnet build' { dotnet build (Join-Path $root 'VivgridPS.sln') -c $Configuration --nologo -v:minimal }
    if (Test-Path $staged) { Remove-Item $staged -Recurse -Force }
    New-Item -ItemType Directory -Path $staged | Out-Null
    foreach ($tfm in $shipped.Keys) {
        $from = Join-Path $root "src/VivgridPS/bin/$Configuration/$tfm"
        $to = New-Item -ItemType Directory -Path (Join-Path $staged "bin/$tfm") -Force
        foreach ($file in $shipped[$tfm]) {
            $source = Join-Path $from $file
            if (-not (Test-Path -LiteralPath $source)) { throw "Build output is missing $tfm/$file." }
            Copy-Item -LiteralPath $source -Destination $to
        }
    }
    Copy-Item (Join-Path $root 'VivgridPS.psd1') $staged
    Get-ChildItem (Join-Path $root 'module') -File | Copy-Item -Destination $staged
    foreach ($dir in Get-ChildItem (Join-Path $root 'module') -Directory) {
        Copy-Item $dir.FullName -Destination $staged -Recurse
    }
    Write-Host "Module staged at $staged"
}

function Start-Emulator {
    # LatencyMs: extra delay before every default reply (benchmarks only).
    param([int] $LatencyMs = 0)
    $dll = Join-Path $root "tests/emulator/bin/$Configuration/net10.0/VivgridEmulator.dll"
    $psi = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    $psi.ArgumentList.Add($dll)
    $psi.ArgumentList.Add('--port')
    $psi.ArgumentList.Add('0')
    if ($LatencyMs -gt 0) { $psi.ArgumentList.Add('--latency-ms'); $psi.ArgumentList.Add([string] $LatencyMs) }
    $psi.RedirectStandardOutput = $true
    $psi.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($psi)
    $deadline = [DateTime]::UtcNow.AddSeconds(30)
    while ([DateTime]::UtcNow -lt $deadline) {
        $line = $process.StandardOutput.ReadLine()
        if ($null -eq $line) { break }
        if ($line -match '^VIVGRID_EMULATOR_URL=(.+)$') {
            # Keep draining stdout so the emulator never blocks on a full pipe.
            $null = $process.StandardOutput.ReadToEndAsync()
            return [pscustomobject]@{ Process = $process; BaseUri = $Matches[1].Trim() }
        }
    }
    $process.Kill()
    throw 'The emulator did not report its address within 30 s.'
}

function Get-TrxCount([string] $Directory) {
    $passed = 0; $failed = 0
    foreach ($trx in Get-ChildItem $Directory -Filter *.trx -Recurse) {
        [xml] $doc = Get-Content -LiteralPath $trx.FullName -Raw
        $counters = $doc.TestRun.ResultSummary.Counters
        $passed += [int] $counters.passed
        $failed += [int] $counters.failed + [int] $counters.error + [int] $counters.timeout + [int] $counters.aborted
    }
    [pscustomobject]@{ Passed = $passed; Failed = $failed }
}

function Invoke-Test {
    $results = Join-Path $out 'test-results'
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }
    New-Item -ItemType Directory -Path $results | Out-Null

    $xunitFailed = $false
    foreach ($project in 'tests/unit/VivgridPS.Tests.csproj', 'tests/cmdlets/VivgridPS.Cmdlets.Tests.csproj') {
        Write-Host "==> dotnet test $project" -ForegroundColor Cyan
        dotnet test (Join-Path $root $project) -c $Configuration --no-build --nologo `
            --logger 'trx' --logger 'console;verbosity=minimal' --results-directory $results
        if ($LASTEXITCODE -ne 0) { $xunitFailed = $true }
    }
    $xunit = Get-TrxCount $results

    Invoke-Native 'restore Pester 5.7.1 from NuGet' { dotnet restore (Join-Path $root 'tests/module/PesterRestore.csproj') --nologo -v:quiet }
    $pester = Join-Path (Get-NuGetPackageRoot) 'pester/5.7.1/tools/Pester.psd1'
    $emulator = Start-Emulator
    try {
        $summary = Join-Path $results 'pester.json'
        $runner = Join-Path $root 'tests/module/Invoke-PesterRun.ps1'
        Write-Host "==> Pester (tests/module) against $($emulator.BaseUri)" -ForegroundColor Cyan
        & dotnet pwsh -NoProfile -NonInteractive -File $runner -PesterPath $pester -ModulePath $staged `
            -EmulatorUri $emulator.BaseUri -SummaryPath $summary
        $pesterCount = Get-Content $summary -Raw | ConvertFrom-Json
    }
    finally {
        if (-not $emulator.Process.HasExited) { $emulator.Process.Kill() }
    }
    $passed = $xunit.Passed + [int] $pesterCount.Passed
    $failed = $xunit.Failed + [int] $pesterCount.Failed
    Write-Host "xunit: $($xunit.Passed) passed, $($xunit.Failed) failed; Pester: $($pesterCount.Passed) passed, $($pesterCount.Failed) failed"
    Write-Output "$passed passed, $failed failed"
    if ($failed -gt 0 -or $xunitFailed -or $passed -eq 0) { exit 1 }
}

function Invoke-Demo {
    $report = Join-Path $staged 'Samples/nightly-report.txt'
    $emulator = $null
    if (-not $env:VIVGRID_API_KEY) {
        $emulator = Start-Emulator
        Write-Host "VIVGRID_API_KEY is not set: the demo runs against the local emulator at $($emulator.BaseUri)." -ForegroundColor Yellow
    }
    try {
        $uri = if ($emulator) { $emulator.BaseUri } else { '' }
        & dotnet pwsh -NoProfile -File (Join-Path $staged 'Samples/Invoke-VivgridDemo.ps1') -ModulePath $staged -ReportPath $report -EmulatorUri $uri
        if ($LASTEXITCODE -ne 0) { throw "The demo failed (exit code $LASTEXITCODE)." }
    }
    finally {
        if ($emulator -and -not $emulator.Process.HasExited) { $emulator.Process.Kill() }
    }
}

function Invoke-Bench {
    # The bench projects stay out of VivgridPS.sln so -Task Build/Test never compile them.
    $raw = Join-Path $root 'bench/RawClient/RawClient.csproj'
    $micro = Join-Path $root 'bench/VivgridPS.Benchmarks/VivgridPS.Benchmarks.csproj'
    foreach ($project in $raw, $micro) {
        Invoke-Native "dotnet build $([IO.Path]::GetFileName($project))" { dotnet build $project -c Release --nologo -v:quiet }
    }
    $nodeDir = Join-Path $root 'bench/node'
    if (Get-Command node -ErrorAction SilentlyContinue) {
        Push-Location $nodeDir
        try { Invoke-Native 'npm ci (bench/node)' { npm ci --no-audit --no-fund --loglevel=error } } finally { Pop-Location }
    }
    else {
        Write-Host 'node is not installed: the openai npm baseline column will be skipped.' -ForegroundColor Yellow
        $nodeDir = ''
    }
    $latencyMs = 200
    $emulator = Start-Emulator
    $slow = Start-Emulator -LatencyMs $latencyMs
    try {
        & (Join-Path $root 'bench/Invoke-Bench.ps1') -RepoRoot $root -ModulePath $staged -EmulatorUri $emulator.BaseUri `
            -LatencyEmulatorUri $slow.BaseUri -LatencyMs $latencyMs -NodeDir $nodeDir -ResultsPath (Join-Path $root 'bench/RESULTS.md') `
            -RawClientPath (Join-Path $root 'bench/RawClient/bin/Release/net10.0/RawClient.dll') `
            -BenchmarksPath (Join-Path $root 'bench/VivgridPS.Benchmarks/bin/Release/net10.0/VivgridPS.Benchmarks.dll')
    }
    finally {
        foreach ($e in $emulator, $slow) { if (-not $e.Process.HasExited) { $e.Process.Kill() } }
    }
}

foreach ($step in $Task) {
    switch ($step) {
        'Build' { Invoke-Build }
        'Test' { if ($Task -notcontains 'Build') { Invoke-Build }; Invoke-Test }
        'Demo' { if ($Task -notcontains 'Build') { Invoke-Build }; Invoke-Demo }
        'Bench' { if ($Task -notcontains 'Build') { Invoke-Build }; Invoke-Bench }
    }
}
