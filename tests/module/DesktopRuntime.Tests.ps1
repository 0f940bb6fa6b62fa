# The netstandard2.0 build on a Framework-like runtime. Windows PowerShell 5.1 cannot run here, but Mono runs .NET
# Framework programs: tests/desktop builds one program for net472 (run under Mono, loading the staged
# bin/netstandard2.0 through the module's own resolver) and for net10.0 (run on .NET, loading bin/net8.0). Both run
# the PowerShell-free core against the emulator and must print the same lines. On Windows the net472 program runs on
# .NET Framework itself. Mono does not reproduce strict binding, the GAC or TLS; Desktop.Tests.ps1 covers those.
BeforeDiscovery {
    $script:Sections = @(
        @{ Section = 'tokens'; MinLines = 7 }
        @{ Section = 'catalog'; MinLines = 14 }
        @{ Section = 'files'; MinLines = 9 }
        @{ Section = 'ledger'; MinLines = 4 }
        @{ Section = 'recordings'; MinLines = 22 }
        @{ Section = 'http'; MinLines = 20 }
        @{ Section = 'proxy'; MinLines = 2 }
    )
}

BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    $repo = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:Ns20 = Join-Path $ModulePath 'bin/netstandard2.0'
    $recordings = Join-Path $repo 'tests/fixtures/realdata'
    # The program of the latest build (Release or Debug, whichever build.ps1 just made).
    $programs = Join-Path $repo 'tests/desktop/bin'
    $frameworkProgram = Get-ChildItem $programs -Recurse -Filter 'VivgridPS.DesktopCheck.exe' | Where-Object { $_.Directory.Name -eq 'net472' } |
        Sort-Object LastWriteTimeUtc -Descending | Select-Object -First 1
    if (-not $frameworkProgram) { throw "No net472 build of tests/desktop under ${programs}: run ./build.ps1 -Task Build." }
    $core = Join-Path $frameworkProgram.Directory.Parent.FullName 'net10.0/VivgridPS.DesktopCheck.dll'

    function Invoke-Check([string] $Label, [string] $Exe, [string[]] $Arguments, [hashtable] $Environment = @{}) {
        $saved = @{}
        foreach ($k in $Environment.Keys) { $saved[$k] = [Environment]::GetEnvironmentVariable($k); [Environment]::SetEnvironmentVariable($k, $Environment[$k]) }
        $errFile = Join-Path $TestDrive "$Label.err"
        try {
            $lines = & $Exe @Arguments 2> $errFile
            $exit = $LASTEXITCODE
        }
        finally {
            foreach ($k in $saved.Keys) { [Environment]::SetEnvironmentVariable($k, $saved[$k]) }
        }
        [pscustomobject]@{ Lines = @($lines); ExitCode = $exit; Errors = @(Get-Content -LiteralPath $errFile) }
    }

    $runtime = & (Join-Path $repo 'tests/desktop/Install-MonoRuntime.ps1') -CacheFolder (Join-Path $repo 'out/mono')
    # The system proxy on Linux (Mono and .NET) is http_proxy: the emulator, which also serves absolute-form requests.
    # Environment names are case-sensitive here, so the hashtable is too.
    $proxy = [hashtable]::new([StringComparer]::Ordinal)
    $proxy['http_proxy'] = $ControlUri; $proxy['HTTP_PROXY'] = $null; $proxy['no_proxy'] = $null; $proxy['NO_PROXY'] = $null
    $script:Net = Invoke-Check 'net' ([Environment]::ProcessPath) @($core, (Join-Path $ModulePath 'bin/net8.0'), $EmulatorUri, $recordings, (Join-Path $TestDrive 'net')) $proxy
    $frameworkArgs = @((Join-Path $ModulePath 'bin/netstandard2.0'), $EmulatorUri, $recordings, (Join-Path $TestDrive 'framework'))
    $script:Framework = if ($runtime.Mono) {
        Invoke-Check 'mono' $runtime.Mono (@($frameworkProgram.FullName) + $frameworkArgs) ($proxy.Clone() | ForEach-Object { $_['MONO_PATH'] = $runtime.Facades; $_ })
    }
    else {
        Invoke-Check 'framework' $frameworkProgram.FullName $frameworkArgs
    }
    Reset-Emulator

    function Get-SectionLine($Run, [string] $Section) { @($Run.Lines | Where-Object { $_ -like "${Section}: *" }) }
}

Describe 'The core of the netstandard2.0 build on a Framework-like runtime' {
    It 'runs the net472 program on Mono or .NET Framework, and the net10.0 one on .NET' {
        $Framework.Errors[0] | Should -Match '^runtime: (Mono \d|\.NET Framework 4\.[78])'
        $Net.Errors[0] | Should -Match '^runtime: \.NET \d'
    }

    It 'runs the module''s TLS set-up there: SystemDefault left alone, TLS 1.2 added to a legacy setting' {
        $Framework.Errors | Should -Contain 'tls: 0 -> 0'
        $legacy = $Framework.Errors | Where-Object { $_ -like 'tls-legacy: 192 -> *' }
        @($legacy).Count | Should -Be 1
        ([int] ($legacy -replace '^tls-legacy: 192 -> ', '')) -band 3264 | Should -Be 3264 -Because 'TLS 1.0 stays and TLS 1.2 (3072) is added'
    }

    It 'finishes every section on both runtimes (exit code 0)' {
        @($Framework.Lines | Where-Object { $_ -like '*SECTION FAILED*' -or $_ -like '* NO OUTCOME' }) | Should -BeNullOrEmpty
        @($Net.Lines | Where-Object { $_ -like '*SECTION FAILED*' -or $_ -like '* NO OUTCOME' }) | Should -BeNullOrEmpty
        $Framework.ExitCode | Should -Be 0 -Because ($Framework.Errors -join "`n")
        $Net.ExitCode | Should -Be 0 -Because ($Net.Errors -join "`n")
    }

    It 'loads VivgridPS, its core and every dependency it uses from bin/netstandard2.0' {
        $loaded = @($Framework.Errors | Where-Object { $_ -like 'loaded: *' })
        foreach ($name in 'VivgridPS.Core', 'System.Text.Json', 'System.Memory', 'System.Net.ServerSentEvents', 'Microsoft.Bcl.AsyncInterfaces',
            'Microsoft.ML.Tokenizers.Data.O200kBase', 'System.Text.Encodings.Web', 'System.Runtime.CompilerServices.Unsafe') {
            $line = $loaded | Where-Object { $_ -like "loaded: $name *" }
            @($line).Count | Should -Be 1 -Because "$name is loaded once"
            $line | Should -BeLike "* $(Join-Path $Ns20 "$name.dll")"
        }
    }

    It 'gives the same <Section> lines as .NET, line by line' -ForEach $Sections {
        $expected = Get-SectionLine $Net $Section
        $actual = Get-SectionLine $Framework $Section
        $expected.Count | Should -BeGreaterOrEqual $MinLines -Because 'the .NET run reports the whole section'
        for ($i = 0; $i -lt [Math]::Max($expected.Count, $actual.Count); $i++) {
            $actual[$i] | Should -BeExactly $expected[$i] -Because "line $($i + 1) of $Section"
        }
    }

    It 'exercises what it claims: retries, a dropped stream, a stall and a 401 over HTTP' {
        $http = Get-SectionLine $Framework 'http'
        $http | Should -Contain 'http: retry-500 requests 2'
        $http | Should -Contain 'http: reset-before-bytes requests 2'
        ($http | Where-Object { $_ -like 'http: retry-429 content=after 429 *' }) | Should -BeLike '* retries=1/1 *'
        ($http | Where-Object { $_ -like 'http: dropped-stream FAILED*' }) | Should -BeLike '*FAILED StreamInterrupted kind=ConnectionError * shown=one two  partial=one two *'
        ($http | Where-Object { $_ -like 'http: stall FAILED*' }) | Should -BeLike '*FAILED StreamInterrupted kind=Timeout*'
        ($http | Where-Object { $_ -like 'http: unauthorized FAILED*' }) | Should -BeLike '*FAILED ApiKeyRejected kind=Authentication status=401*'
        (Get-SectionLine $Framework 'tokens') | Should -Contain 'tokens: special 15'
        (Get-SectionLine $Framework 'ledger') | Should -Contain 'ledger: records 20 lines 20'
    }

    It 'sends through the system proxy (http_proxy here; WinINET on Windows is not reproduced)' -Skip:($IsWindows -eq $true) {
        $proxyLines = Get-SectionLine $Framework 'proxy'
        $proxyLines[0] | Should -BeLike 'proxy: unresolvable-host content=Echo: *'
        $proxyLines | Should -Contain 'proxy: requests 1'
    }
}
