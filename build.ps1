<#
.SYNOPSIS
    The one entry point: build the module, run the tests, run the demo.
.DESCRIPTION
    Build  - compiles both builds (net8.0, netstandard2.0) and stages an importable module at out/VivgridPS.
    Test   - Build, then xunit (core + in-process cmdlets) and Pester (the built module in a child pwsh), and
             prints one closing line "N passed, N failed, N skipped" totalling both. Installs the Debian tools the
             tests need when they are missing (as root), or stops with what to install.
    Demo   - Build, then pipes a sample report into Invoke-VivgridChat -Stream and shows the cost: against the
             real service when VIVGRID_API_KEY is set, otherwise against the bundled loopback emulator.
    Bench  - Build, then the benchmarks in bench/ against the loopback emulator, each beside its baseline (raw
             HttpClient, an empty module, the openai npm client when node is installed); writes bench/RESULTS.md.
    Package - Build, then out/VivgridPS.<version>.nupkg, installable with Install-PSResource / Install-Module.
    The default runs Build then Demo.
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Bench', 'Package')]
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
# It is the assembly-reference closure of VivgridPS.dll plus the o200k vocabulary assembly (loaded by name); the
# Package tests check both directions. Microsoft.ML.Tokenizers itself (and its Google.Protobuf, Bcl.HashCode,
# Bcl.Memory, System.IO.Pipelines) is a package dependency of the vocabulary package but never loaded: the counter
# is our own (see O200kBpeCounter).
$shipped = @{
    'net8.0'         = @('VivgridPS.dll', 'VivgridPS.Core.dll', 'System.Net.ServerSentEvents.dll',
                         'Microsoft.ML.Tokenizers.Data.O200kBase.dll')
    'netstandard2.0' = @('VivgridPS.dll', 'VivgridPS.Core.dll', 'System.Net.ServerSentEvents.dll',
                         'Microsoft.ML.Tokenizers.Data.O200kBase.dll',
                         'System.Text.Json.dll', 'System.Text.Encodings.Web.dll', 'Microsoft.Bcl.AsyncInterfaces.dll',
                         'System.Buffers.dll', 'System.Memory.dll', 'System.Numerics.Vectors.dll',
                         'System.Runtime.CompilerServices.Unsafe.dll', 'System.Threading.Tasks.Extensions.dll')
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
    New-ModuleHelp
    Write-Host "Module staged at $staged"
}

# MAML help from src/VivgridPS/Help/*.md plus the built cmdlets' metadata. Generated in a child pwsh (the generator
# imports VivgridPS.dll) and placed beside each build's DLL, in en-US/, where Get-Help looks for a binary module's help.
function New-ModuleHelp {
    $generated = Join-Path $out 'help/VivgridPS.dll-Help.xml'
    Invoke-Native 'generate MAML help' {
        dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $root 'src/VivgridPS/Help/New-MamlHelp.ps1') `
            -ModulePath (Join-Path $staged 'bin/net8.0/VivgridPS.dll') -OutputPath $generated
    }
    foreach ($tfm in $shipped.Keys) {
        $culture = New-Item -ItemType Directory -Path (Join-Path $staged "bin/$tfm/en-US") -Force
        Copy-Item -LiteralPath $generated -Destination $culture
    }
}

# A .nupkg that Install-PSResource / Install-Module accept (the layout PowerShellGet publishes): the module files at
# the package root, a .nuspec with the PSModule/PSIncludes_Cmdlet/PSCmdlet_<name> tags, and the OPC parts NuGet wants.
function Invoke-Package {
    $version = ([xml] (Get-Content -Raw (Join-Path $root 'Directory.Build.props'))).Project.PropertyGroup.VivgridPSVersion | Where-Object { $_ } | Select-Object -First 1
    if (-not $version) { throw 'Directory.Build.props has no VivgridPSVersion.' }
    $manifestPath = Join-Path $staged 'VivgridPS.psd1'
    $manifest = Import-PowerShellDataFile $manifestPath
    if ($manifest.ModuleVersion -ne $version) {
        # The manifest follows Directory.Build.props, the one place the version is kept.
        $text = (Get-Content -Raw $manifestPath) -replace "(?m)^(\s*ModuleVersion\s*=\s*)'[^']*'", "`${1}'$version'"
        Set-Content -LiteralPath $manifestPath -Value $text -NoNewline -Encoding utf8
        $manifest = Import-PowerShellDataFile $manifestPath
    }
    Copy-Item (Join-Path $root 'LICENSE') $staged
    $psData = $manifest.PrivateData.PSData
    $tags = @($psData.Tags) + @('PSModule', 'PSIncludes_Cmdlet') + @($manifest.CmdletsToExport | ForEach-Object { "PSCmdlet_$_" }) +
        @($manifest.CmdletsToExport | ForEach-Object { "PSCommand_$_" }) + @($manifest.CompatiblePSEditions | ForEach-Object { "PSEdition_$_" })
    $tags = $tags | Select-Object -Unique
    $esc = { param($s) [System.Security.SecurityElement]::Escape([string] $s) }
    $nuspec = @"
<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://schemas.microsoft.com/packaging/2011/08/nuspec.xsd">
  <metadata>
    <id>VivgridPS</id>
    <version>$version</version>
    <authors>$(& $esc $manifest.Author)</authors>
    <owners>$(& $esc $manifest.CompanyName)</owners>
    <requireLicenseAcceptance>false</requireLicenseAcceptance>
    <licenseUrl>$(& $esc $psData.LicenseUri)</licenseUrl>
    <projectUrl>$(& $esc $psData.ProjectUri)</projectUrl>
    <description>$(& $esc $manifest.Description)</description>
    <releaseNotes>$(& $esc $psData.ReleaseNotes)</releaseNotes>
    <copyright>$(& $esc $manifest.Copyright)</copyright>
    <tags>$(& $esc ($tags -join ' '))</tags>
  </metadata>
</package>
"@
    $package = Join-Path $out "VivgridPS.$version.nupkg"
    if (Test-Path $package) { Remove-Item $package -Force }
    Add-Type -AssemblyName System.IO.Compression, System.IO.Compression.FileSystem
    $zip = [System.IO.Compression.ZipFile]::Open($package, [System.IO.Compression.ZipArchiveMode]::Create)
    try {
        $add = {
            param([string] $Name, [byte[]] $Bytes)
            $entry = $zip.CreateEntry($Name, [System.IO.Compression.CompressionLevel]::Optimal)
            $stream = $entry.Open()
            try { $stream.Write($Bytes, 0, $Bytes.Length) } finally { $stream.Dispose() }
        }
        $utf8 = [System.Text.UTF8Encoding]::new($false)
        & $add 'VivgridPS.nuspec' $utf8.GetBytes($nuspec)
        $files = Get-ChildItem -LiteralPath $staged -Recurse -File
        foreach ($file in $files) {
            $relative = [System.IO.Path]::GetRelativePath($staged, $file.FullName).Replace('\', '/')
            & $add $relative ([System.IO.File]::ReadAllBytes($file.FullName))
        }
        $extensions = @($files.Extension + '.nuspec' + '.rels' + '.psmdcp' | ForEach-Object { $_.TrimStart('.').ToLowerInvariant() } | Where-Object { $_ } | Sort-Object -Unique)
        $types = (@($extensions | ForEach-Object { "<Default Extension=`"$_`" ContentType=`"application/octet`" />" }) +
            @($files | Where-Object { -not $_.Extension } | ForEach-Object {
                "<Override PartName=`"/$([System.IO.Path]::GetRelativePath($staged, $_.FullName).Replace('\', '/'))`" ContentType=`"application/octet`" />" })) -join ''
        & $add '[Content_Types].xml' $utf8.GetBytes("<?xml version=`"1.0`" encoding=`"utf-8`"?><Types xmlns=`"http://schemas.openxmlformats.org/package/2006/content-types`">$types</Types>")
        $coreId = [guid]::NewGuid().ToString('N')
        & $add '_rels/.rels' $utf8.GetBytes("<?xml version=`"1.0`" encoding=`"utf-8`"?><Relationships xmlns=`"http://schemas.openxmlformats.org/package/2006/relationships`"><Relationship Type=`"http://schemas.microsoft.com/packaging/2010/07/manifest`" Target=`"/VivgridPS.nuspec`" Id=`"R$coreId`" /><Relationship Type=`"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties`" Target=`"/package/services/metadata/core-properties/$coreId.psmdcp`" Id=`"C$coreId`" /></Relationships>")
        & $add "package/services/metadata/core-properties/$coreId.psmdcp" $utf8.GetBytes("<?xml version=`"1.0`" encoding=`"utf-8`"?><coreProperties xmlns:dc=`"http://purl.org/dc/elements/1.1/`" xmlns:dcterms=`"http://purl.org/dc/terms/`" xmlns:xsi=`"http://www.w3.org/2001/XMLSchema-instance`" xmlns=`"http://schemas.openxmlformats.org/package/2006/metadata/core-properties`"><dc:creator>$(& $esc $manifest.Author)</dc:creator><dc:description>$(& $esc $manifest.Description)</dc:description><dc:identifier>VivgridPS</dc:identifier><version>$version</version><keywords>$(& $esc ($tags -join ' '))</keywords></coreProperties>")
    }
    finally {
        $zip.Dispose()
    }
    Write-Host "Package written to $package"
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
    $passed = 0; $failed = 0; $skipped = 0
    foreach ($trx in Get-ChildItem $Directory -Filter *.trx -Recurse) {
        [xml] $doc = Get-Content -LiteralPath $trx.FullName -Raw
        $counters = $doc.TestRun.ResultSummary.Counters
        $passed += [int] $counters.passed
        $failed += [int] $counters.failed + [int] $counters.error + [int] $counters.timeout + [int] $counters.aborted
        $skipped += [int] $counters.notExecuted
    }
    [pscustomobject]@{ Passed = $passed; Failed = $failed; Skipped = $skipped }
}

# A tool the tests need, installed from Debian's packages when it is missing (a clean CI machine has only the .NET
# SDK). Where apt-get cannot be used the test task stops here, so a test never skips for want of a tool.
function Install-DebianPackage([string] $Command, [string] $Package) {
    if (Get-Command $Command -CommandType Application -ErrorAction SilentlyContinue) { return }
    $apt = Get-Command apt-get -CommandType Application -ErrorAction SilentlyContinue
    if (-not $apt -or (& id -u) -ne '0') {
        throw "The tests need '$Command' (Debian package $Package). Install it, then run the tests again."
    }
    Invoke-Native "apt-get install $Package (for '$Command')" {
        & apt-get update -qq
        if ($LASTEXITCODE -ne 0) { return }
        & apt-get install -y -qq --no-install-recommends $Package
    }
    if (-not (Get-Command $Command -CommandType Application -ErrorAction SilentlyContinue)) {
        throw "apt-get installed $Package but '$Command' is still not on PATH."
    }
}

function Invoke-Test {
    $results = Join-Path $out 'test-results'
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }
    New-Item -ItemType Directory -Path $results | Out-Null

    if ($IsLinux) {
        # The console tests run the module in a real pseudo-terminal through util-linux's `script`.
        Install-DebianPackage -Command 'script' -Package 'bsdutils'
    }

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
    $skipped = $xunit.Skipped + [int] $pesterCount.Skipped
    Write-Host ("xunit: $($xunit.Passed) passed, $($xunit.Failed) failed, $($xunit.Skipped) skipped; " +
        "Pester: $($pesterCount.Passed) passed, $($pesterCount.Failed) failed, $($pesterCount.Skipped) skipped")
    Write-Output "$passed passed, $failed failed, $skipped skipped"
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
    $chunk = Join-Path $root 'bench/ChunkBench/ChunkBench.csproj'
    foreach ($project in $raw, $micro, $chunk) {
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
            -BenchmarksPath (Join-Path $root 'bench/VivgridPS.Benchmarks/bin/Release/net10.0/VivgridPS.Benchmarks.dll') `
            -ChunkBenchPath (Join-Path $root 'bench/ChunkBench/bin/Release/net10.0/ChunkBench.dll')
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
        'Package' { if ($Task -notcontains 'Build') { Invoke-Build }; Invoke-Package }
    }
}
