# The netstandard2.0 build (the one Windows PowerShell 5.1 loads). 5.1 cannot run here, so a child pwsh imports a copy
# of the staged module whose bin/net8.0 folder holds the netstandard2.0 build (the shipped loader, unchanged, then loads
# it) and runs a core subset; a process can hold only one copy of VivgridPS.dll, hence the child. Static checks cover
# what only .NET Framework would trip over (the dependency closure).
BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Import-VivgridTestModule
    Set-VivgridTestEnvironment

    $script:Ns20 = Join-Path $ModulePath 'bin/netstandard2.0'
    $script:Sample = "Grüße aus Zürich — 東京の天気は？ ✓ 🚀`nLine two: naïve café, `"quotes`" and a tab`tend."

    function Invoke-ChildPwsh([string] $Script, [hashtable] $Environment = @{}) {
        $path = Join-Path $TestDrive "child-$([guid]::NewGuid().ToString('N')).ps1"
        Set-Content -LiteralPath $path -Value $Script -Encoding utf8
        $saved = @{}
        foreach ($k in $Environment.Keys) { $saved[$k] = [Environment]::GetEnvironmentVariable($k); [Environment]::SetEnvironmentVariable($k, $Environment[$k]) }
        try {
            $pwshDll = [System.Reflection.Assembly]::GetEntryAssembly().Location
            $output = & ([Environment]::ProcessPath) $pwshDll -NoProfile -NonInteractive -File $path 2>&1
            if ($LASTEXITCODE -ne 0) { throw "The child pwsh failed ($LASTEXITCODE): $($output -join "`n")" }
            $json = ($output | Where-Object { $_ -is [string] }) -join "`n"
            if (-not $json.Trim().StartsWith('{')) { throw "The child pwsh wrote no JSON: $($output -join "`n")" }
            $json | ConvertFrom-Json
        }
        finally {
            foreach ($k in $saved.Keys) { [Environment]::SetEnvironmentVariable($k, $saved[$k]) }
        }
    }

    $script:ResolverType = [VivgridPS.ModuleInitializer].Assembly.GetType('VivgridPS.Desktop.ModuleAssemblyResolver', $true)

    # Every assembly reference of every DLL in a folder, with the version shipped there (when it is).
    function Get-ShippedReference([string] $Folder) {
        $shipped = @{}
        foreach ($dll in Get-ChildItem $Folder -Filter *.dll) { $shipped[$dll.BaseName] = [System.Reflection.AssemblyName]::GetAssemblyName($dll.FullName).Version }
        foreach ($dll in Get-ChildItem $Folder -Filter *.dll) {
            $stream = [System.IO.File]::OpenRead($dll.FullName)
            try {
                $pe = [System.Reflection.PortableExecutable.PEReader]::new($stream)
                $md = [System.Reflection.Metadata.PEReaderExtensions]::GetMetadataReader($pe)
                foreach ($handle in $md.AssemblyReferences) {
                    $ref = $md.GetAssemblyReference($handle)
                    $name = $md.GetString($ref.Name)
                    [pscustomobject]@{
                        From = $dll.BaseName; Name = $name; Version = $ref.Version; FullName = $ref.GetAssemblyName().FullName
                        Shipped = $shipped.ContainsKey($name); ShippedVersion = $shipped[$name]
                    }
                }
                $pe.Dispose()
            }
            finally { $stream.Dispose() }
        }
    }

    # A copy of the staged module in which the folder pwsh loads (bin/net8.0) holds $Build's files, or nothing.
    # Import-Module of a folder wants the folder named as its manifest, hence <Name>/VivgridPS.
    function New-ModuleCopy([string] $Name, [string] $Build) {
        $copy = Join-Path (New-Item -ItemType Directory -Path (Join-Path $TestDrive $Name) -Force) 'VivgridPS'
        Copy-Item -LiteralPath $ModulePath -Destination $copy -Recurse
        $net8 = Join-Path $copy 'bin/net8.0'
        Remove-Item -LiteralPath $net8 -Recurse -Force
        if ($Build) { Copy-Item -LiteralPath (Join-Path $copy "bin/$Build") -Destination $net8 -Recurse }
        $copy
    }

    function Get-AssemblyReference([string] $Path) {
        $stream = [System.IO.File]::OpenRead($Path)
        try {
            $pe = [System.Reflection.PortableExecutable.PEReader]::new($stream)
            $md = [System.Reflection.Metadata.PEReaderExtensions]::GetMetadataReader($pe)
            foreach ($handle in $md.AssemblyReferences) { $md.GetString($md.GetAssemblyReference($handle).Name) }
            $pe.Dispose()
        }
        finally { $stream.Dispose() }
    }
}

Describe 'The loader picks the build by edition' {
    BeforeAll {
        # The loader's own statement, evaluated with a stand-in for the read-only $PSEdition.
        $ast = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $ModulePath 'VivgridPS.psm1'), [ref] $null, [ref] $null)
        $assignment = $ast.Find({ param($n) $n -is [System.Management.Automation.Language.AssignmentStatementAst] -and $n.Left.Extent.Text -eq '$tfm' }, $true)
        $script:LoaderText = $assignment.Right.Extent.Text
        $script:PickTfm = [scriptblock]::Create("param(`$MockEdition) " + ($LoaderText -replace '\$PSEdition\b', '$MockEdition'))
    }

    It 'decides on $PSEdition' { $LoaderText | Should -Match '\$PSEdition' }

    It 'loads <Expected> on <Edition>' -ForEach @(
        @{ Edition = 'Desktop'; Expected = 'netstandard2.0' }
        @{ Edition = 'Core'; Expected = 'net8.0' }
    ) {
        & $PickTfm $Edition | Should -Be $Expected
    }

    It 'has no environment switch that overrides the edition' {
        (Get-Content -Raw (Join-Path $ModulePath 'VivgridPS.psm1')) | Should -Not -Match '\$env:'
    }

    It 'fails the import with a clear message when the chosen build is missing' {
        $copy = New-ModuleCopy 'missing-build' $null
        $child = Join-Path $TestDrive 'import-missing.ps1'
        Set-Content -LiteralPath $child -Value "Import-Module '$copy' -ErrorAction Stop" -Encoding utf8
        $pwshDll = [System.Reflection.Assembly]::GetEntryAssembly().Location
        $output = & ([Environment]::ProcessPath) $pwshDll -NoProfile -NonInteractive -File $child 2>&1
        ($output -join "`n") | Should -BeLike '*net8.0 build is missing*Rebuild with ./build.ps1*'
    }
}

Describe 'The .NET Framework minimum (Windows PowerShell 5.1 on 4.7.2 or later)' {
    BeforeAll {
        # The loader's own function and check, read from the staged psm1 (5.1 cannot run here).
        $ast = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $ModulePath 'VivgridPS.psm1'), [ref] $null, [ref] $null)
        $function = $ast.Find({ param($n) $n -is [System.Management.Automation.Language.FunctionDefinitionAst] -and $n.Name -eq 'Get-VivgridFrameworkProblem' }, $true)
        . ([scriptblock]::Create($function.Extent.Text))
        $script:Check = $ast.Find({ param($n) $n -is [System.Management.Automation.Language.IfStatementAst] -and $n.Extent.Text -like '*Get-VivgridFrameworkProblem*' }, $true).Extent.Text
    }

    It 'accepts <Name> (release <Release>)' -ForEach @(
        @{ Name = '4.7.2'; Release = 461808 }, @{ Name = '4.7.2 on Windows 10 1803'; Release = 461814 }
        @{ Name = '4.8'; Release = 528040 }, @{ Name = '4.8.1'; Release = 533320 }
    ) {
        Get-VivgridFrameworkProblem $Release | Should -BeNullOrEmpty
    }

    It 'stops the import on <Name> with a message that says what to install' -ForEach @(
        @{ Name = '4.7.1'; Release = 461308 }, @{ Name = '4.6.2'; Release = 394802 }, @{ Name = '4.5'; Release = 378389 }
    ) {
        $problem = Get-VivgridFrameworkProblem $Release
        $problem | Should -BeLike "VivgridPS needs .NET Framework 4.7.2 or later under Windows PowerShell 5.1; this computer has .NET Framework $Name (release $Release).*"
        $problem | Should -BeLike '*Install .NET Framework 4.8*or use PowerShell 7.4 or later.'
    }

    It 'does not block on an unreadable release value' {
        Get-VivgridFrameworkProblem $null | Should -BeNullOrEmpty
    }

    It 'runs only on Windows PowerShell, reads the documented registry value and throws the message' {
        $Check | Should -Match "^if \(\`$PSEdition -eq 'Desktop'\)"
        $Check | Should -Match ([regex]::Escape("[Microsoft.Win32.Registry]::GetValue('HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full', 'Release', `$null)"))
        $Check | Should -Match 'throw \$frameworkProblem'
    }

    It 'runs the check before any assembly is loaded' {
        $text = Get-Content -Raw (Join-Path $ModulePath 'VivgridPS.psm1')
        $text.IndexOf('Get-VivgridFrameworkProblem $frameworkRelease') | Should -BeLessThan $text.IndexOf('LoadFrom(')
        $text.IndexOf('Get-VivgridFrameworkProblem $frameworkRelease') | Should -BeGreaterThan 0
    }

    It 'declares the 5.1 minimum in the manifest too' {
        (Import-PowerShellDataFile (Join-Path $ModulePath 'VivgridPS.psd1')).PowerShellVersion | Should -Be '5.1'
    }
}

Describe 'The netstandard2.0 dependency closure (what .NET Framework must find)' {
    It 'ships every assembly the netstandard2.0 build references, except the framework and PowerShell' {
        $shipped = (Get-ChildItem $Ns20 -Filter *.dll).BaseName
        $missing = foreach ($dll in Get-ChildItem $Ns20 -Filter *.dll) {
            foreach ($ref in Get-AssemblyReference $dll.FullName) {
                if ($shipped -notcontains $ref -and $ref -notin 'netstandard', 'mscorlib', 'System', 'System.Core', 'System.Management.Automation') { "$($dll.Name) -> $ref" }
            }
        }
        $missing | Should -BeNullOrEmpty
    }

    It 'ships nothing the builds never load: each bin folder is the reference closure of VivgridPS.dll' {
        # The o200k vocabulary assembly is loaded by name (O200kVocabulary), so it is a root too.
        foreach ($folder in $Ns20, (Join-Path (Split-Path $Ns20) 'net8.0')) {
            $files = (Get-ChildItem $folder -Filter *.dll).BaseName
            $reached = @{}
            $queue = [System.Collections.Generic.Queue[string]]::new([string[]] @('VivgridPS', 'Microsoft.ML.Tokenizers.Data.O200kBase'))
            while ($queue.Count -gt 0) {
                $name = $queue.Dequeue()
                if ($reached[$name]) { continue }
                $reached[$name] = $true
                Get-AssemblyReference (Join-Path $folder "$name.dll") | Where-Object { $files -contains $_ } | ForEach-Object { $queue.Enqueue($_) }
            }
            @($files | Where-Object { -not $reached[$_] } | ForEach-Object { "$folder/$_.dll" }) | Should -BeNullOrEmpty
        }
    }

    It 'finds every other net8.0 reference in the .NET runtime or PowerShell itself' {
        $net8 = Join-Path (Split-Path $Ns20) 'net8.0'
        $files = (Get-ChildItem $net8 -Filter *.dll).BaseName
        $runtime = [System.Runtime.InteropServices.RuntimeEnvironment]::GetRuntimeDirectory()
        $missing = foreach ($dll in Get-ChildItem $net8 -Filter *.dll) {
            foreach ($ref in Get-AssemblyReference $dll.FullName) {
                $found = $files -contains $ref -or (Test-Path (Join-Path $runtime "$ref.dll")) -or (Test-Path (Join-Path $PSHOME "$ref.dll"))
                if (-not $found) { "$($dll.Name) -> $ref" }
            }
        }
        $missing | Should -BeNullOrEmpty
    }

    It 'lets the module initializer resolve exactly the shipped dependencies' {
        $answered = $ResolverType.GetField('ShippedNames').GetValue($null)
        $shipped = (Get-ChildItem $Ns20 -Filter *.dll).BaseName | Where-Object { $_ -ne 'VivgridPS' }
        @($answered | Sort-Object) | Should -Be @($shipped | Sort-Object)
    }

    It 'binds every reference of every shipped DLL: the shipped version, or one the resolver answers upwards' {
        # What .NET Framework does with bin/netstandard2.0 (no binding redirects for a module): a reference is bound
        # when the shipped file has exactly the requested identity; otherwise only ModuleAssemblyResolver can answer it.
        $resolver = $ResolverType.GetConstructor([type[]] @([string], [string[]])).Invoke([object[]] @([string] $Ns20, $null))
        $choose = $ResolverType.GetMethod('Choose')
        $unbound = foreach ($ref in Get-ShippedReference $Ns20 | Where-Object Shipped) {
            if ($ref.Version -eq $ref.ShippedVersion) { continue }
            $answer = $choose.Invoke($resolver, @([System.Reflection.AssemblyName]::new($ref.FullName)))
            if ($answer -ne (Join-Path $Ns20 "$($ref.Name).dll")) { "$($ref.From) -> $($ref.FullName) (ships $($ref.ShippedVersion))" }
        }
        @($unbound) | Should -BeNullOrEmpty
    }

    It 'has one System.Memory: every reference asks for exactly the shipped version' {
        # Two System.Memory versions mean two Span<T> types when a GAC holds the older one (MissingMethodException).
        foreach ($name in 'System.Memory', 'System.Text.Encodings.Web', 'System.Buffers', 'System.Numerics.Vectors', 'System.Threading.Tasks.Extensions', 'System.Text.Json', 'VivgridPS.Core') {
            $refs = @(Get-ShippedReference $Ns20 | Where-Object Name -eq $name)
            $refs.Count | Should -BeGreaterThan 0 -Because "something references $name"
            @($refs | Where-Object { $_.Version -ne $_.ShippedVersion } | ForEach-Object { "$($_.From) -> $($_.FullName)" }) | Should -BeNullOrEmpty
        }
    }

    It 'differs only where the package graph forces it' {
        # System.Net.ServerSentEvents 9 needs Microsoft.Bcl.AsyncInterfaces 9, System.Text.Json 8 was built against 8;
        # System.Text.Json 8 needs Unsafe 6, System.Memory 4.5.5 and Tasks.Extensions 4.5.4 were built against 4.0.4.1.
        $differences = Get-ShippedReference $Ns20 | Where-Object { $_.Shipped -and $_.Version -ne $_.ShippedVersion } |
            ForEach-Object { "$($_.From) -> $($_.Name) $($_.Version)" } | Sort-Object
        $differences | Should -Be @(
            'System.Memory -> System.Runtime.CompilerServices.Unsafe 4.0.4.1'
            'System.Text.Json -> Microsoft.Bcl.AsyncInterfaces 8.0.0.0'
            'System.Threading.Tasks.Extensions -> System.Runtime.CompilerServices.Unsafe 4.0.4.1'
        )
    }

    It 'ships System.Text.Json 8.0.x, which VivgridPS.Core references (not newer than Windows PowerShell-era pwsh 7.4 ships)' {
        $json = [System.Reflection.AssemblyName]::GetAssemblyName((Join-Path $Ns20 'System.Text.Json.dll'))
        $json.Version.Major | Should -Be 8
        (Get-Item (Join-Path $Ns20 'System.Text.Json.dll')).VersionInfo.FileVersion | Should -BeLike '8.0.*'
        Get-AssemblyReference (Join-Path $Ns20 'VivgridPS.Core.dll') | Should -Contain 'System.Text.Json'
    }
}

Describe 'The netstandard2.0 build in a child pwsh' {
    BeforeAll {
        Reset-Emulator
        $script:Prompt = "Übersetze: 東京 ✓ 🚀 — naïve"
        $script:Net8Tokens = ($Sample | Measure-VivgridCost -Model gpt-5.4-mini).InputTokens
        $script:Net8Models = @(Get-VivgridModel -Offline).Count
        # A big UTF-8 file (over one 64 KB read chunk, multi-byte characters across chunk edges) piped as a FileInfo.
        $script:BigFile = Join-Path $TestDrive 'big.txt'
        [System.IO.File]::WriteAllText($BigFile, ($Sample + "`n") * 2000, [System.Text.UTF8Encoding]::new($false))
        $script:Net8FileTokens = (Get-Item $BigFile | Measure-VivgridCost -Model gpt-5.4-mini -Prompt 'Summarize').InputTokens
        $childScript = @'
$ErrorActionPreference = 'Stop'
Import-Module '{0}'
$sample = [System.IO.File]::ReadAllText('{1}')
$prompt = [System.IO.File]::ReadAllText('{2}')
$result = [ordered]@{{}}
$result.Assembly = (Get-Command Invoke-VivgridChat).ImplementingType.Assembly.Location
$result.Models = @(Get-VivgridModel -Offline).Count
$result.Tokens = ($sample | Measure-VivgridCost -Model gpt-5.4-mini).InputTokens
$result.FileTokens = (Get-Item '{3}' | Measure-VivgridCost -Model gpt-5.4-mini -Prompt 'Summarize').InputTokens
$loaded = [AppDomain]::CurrentDomain.GetAssemblies()
$result.Tokenizer = ($loaded | Where-Object {{ $_.GetName().Name -eq 'Microsoft.ML.Tokenizers.Data.O200kBase' }}).Location
$result.JsonVersion = ($loaded | Where-Object {{ $_.GetName().Name -eq 'System.Text.Json' }} | Select-Object -First 1).GetName().Version.ToString()
$chat = Invoke-VivgridChat $prompt -Model gpt-5.4-mini
$result.Content = $chat.Content
$result.InputTokens = $chat.InputTokens
$result.CostUsd = $chat.CostUsd
$result.Streamed = (Invoke-VivgridChat 'stream me' -Model gpt-5.4-mini -Stream | ForEach-Object {{ $_ }}) -join ''
$result.HelpSynopsis = (Get-Help Invoke-VivgridChat).Synopsis
$result.HelpFile = (Get-Command Invoke-VivgridChat).HelpFile
$resolver = [VivgridPS.ModuleInitializer].GetField('Resolver', [System.Reflection.BindingFlags] 'NonPublic,Static').GetValue($null)
$resolve = $resolver.GetType().GetMethod('Resolve')
$result.ResolvedForeign = $null -eq $resolve.Invoke($resolver, @($null, [ResolveEventArgs]::new('Newtonsoft.Json, Version=13.0.0.0')))
$result.ResolvedShipped = $resolve.Invoke($resolver, @($null, [ResolveEventArgs]::new('Microsoft.ML.Tokenizers.Data.O200kBase, Version=1.0.0.0'))).Location
$result.ResolvedUnshipped = $null -eq $resolve.Invoke($resolver, @($null, [ResolveEventArgs]::new('Microsoft.ML.Tokenizers, Version=2.0.0.0')))
$result.ResolvedLower = $null -eq $resolve.Invoke($resolver, @($null, [ResolveEventArgs]::new('Microsoft.ML.Tokenizers.Data.O200kBase, Version=9.0.0.0')))
$result | ConvertTo-Json -Compress
'@
        $samplePath = Join-Path $TestDrive 'sample.txt'; [System.IO.File]::WriteAllText($samplePath, $Sample)
        $promptPath = Join-Path $TestDrive 'prompt.txt'; [System.IO.File]::WriteAllText($promptPath, $Prompt)
        # The shipped loader, unchanged, loads bin/net8.0 in pwsh: in this copy that folder holds the netstandard2.0 build.
        $script:Ns20Copy = Join-Path (New-ModuleCopy 'desktop-build' 'netstandard2.0') 'bin/net8.0'
        $script:Child = Invoke-ChildPwsh ($childScript -f (Split-Path (Split-Path $Ns20Copy)), $samplePath, $promptPath, $BigFile) @{
            VIVGRID_BASE_URL = $EmulatorUri; VIVGRID_API_KEY = $TestKey
            VIVGRID_USAGE_LOG = 'off'; VIVGRID_MODEL = $null; VIVGRID_CATALOG = $null
        }
        # Invoke-RestMethod writes a JSON array as one object; ForEach-Object unrolls it.
        $script:Requests = @(Get-EmulatorRequest | ForEach-Object { $_ })
    }

    It 'loads VivgridPS.dll and the tokenizer of the netstandard2.0 build' {
        $Child.Assembly | Should -Be (Join-Path $Ns20Copy 'VivgridPS.dll')
        (Get-FileHash $Child.Assembly).Hash | Should -Be (Get-FileHash (Join-Path $Ns20 'VivgridPS.dll')).Hash
        $Child.Tokenizer | Should -Be (Join-Path $Ns20Copy 'Microsoft.ML.Tokenizers.Data.O200kBase.dll')
    }

    It 'lists the same offline catalog as the net8.0 build' {
        $Child.Models | Should -Be $Net8Models
    }

    It 'counts tokens exactly as the net8.0 build does (o200k vocabulary + System.Text.Json on netstandard2.0)' {
        $Net8Tokens | Should -BeGreaterThan 20
        $Child.Tokens | Should -Be $Net8Tokens
        $Net8FileTokens | Should -BeGreaterThan 50000
        $Child.FileTokens | Should -Be $Net8FileTokens
        $Child.JsonVersion | Should -Not -BeNullOrEmpty
    }

    It 'chats with the emulator, non-streamed and streamed' {
        $Child.Content | Should -BeExactly "Echo: $Prompt"
        $Child.InputTokens | Should -BeGreaterThan 0
        [decimal] $Child.CostUsd | Should -BeGreaterThan 0
        $Child.Streamed | Should -BeLike 'Echo: stream me*'
    }

    It 'sends a non-ASCII prompt as intact UTF-8' {
        $Requests.Count | Should -Be 2
        $Requests[0].headers.'Content-Type' | Should -Match 'utf-8'
        ($Requests[0].body | ConvertFrom-Json).messages[-1].content | Should -BeExactly $Prompt
    }

    It 'shows the generated help from bin/netstandard2.0/en-US' {
        $Child.HelpSynopsis | Should -BeLike 'Sends chat requests to the Vivgrid LLM API*'
        $Child.HelpFile | Should -Be (Join-Path $Ns20Copy 'en-US/VivgridPS.dll-Help.xml')
    }

    It 'resolves only shipped assemblies in its AssemblyResolve handler (the 5.1 path)' {
        $Child.ResolvedForeign | Should -BeTrue
        $Child.ResolvedShipped | Should -Be (Join-Path $Ns20Copy 'Microsoft.ML.Tokenizers.Data.O200kBase.dll')
        $Child.ResolvedUnshipped | Should -BeTrue
        $Child.ResolvedLower | Should -BeTrue
    }
}

Describe 'The netstandard2.0 core with its own System.Text.Json 8.0.x' {
    # In pwsh the runtime's newer System.Text.Json wins over the shipped 8.0.x, so the module path above cannot show
    # that our copy works. A collectible load context that answers with the shipped copies can: it loads
    # VivgridPS.Core, the tokenizer and System.Text.Json 8.0.x from bin/netstandard2.0, as Windows PowerShell would.
    BeforeAll {
        $probeScript = @'
$ns20 = '{0}'
$sample = [System.IO.File]::ReadAllText('{1}')
Add-Type -TypeDefinition @"
using System.IO;
using System.Reflection;
using System.Runtime.Loader;
public sealed class VivgridNs20Context : AssemblyLoadContext
{{
    // Our dependencies come from the folder; System.Memory and friends stay the runtime's (on .NET Framework they are
    // the shipped copies, but on .NET Core their netstandard builds would define a second Span<T>).
    private static readonly string[] Ours = {{ "VivgridPS.Core", "Microsoft.ML.Tokenizers.Data.O200kBase",
        "System.Text.Json", "System.Text.Encodings.Web", "Microsoft.Bcl.AsyncInterfaces", "System.Net.ServerSentEvents" }};
    private readonly string _dir;
    public VivgridNs20Context(string dir) : base("VivgridPS.netstandard2.0", true) {{ _dir = dir; }}
    protected override Assembly Load(AssemblyName name)
    {{
        if (System.Array.IndexOf(Ours, name.Name) < 0) return null;
        return LoadFromAssemblyPath(Path.Combine(_dir, name.Name + ".dll"));
    }}
}}
"@
$context = [VivgridNs20Context]::new($ns20)
$core = $context.LoadFromAssemblyPath((Join-Path $ns20 'VivgridPS.Core.dll'))
$count = $core.GetType('VivgridPS.Core.Tokens.TokenCounter').GetMethod('CountO200k').Invoke($null, @($sample))
$catalog = $core.GetType('VivgridPS.Core.Models.ModelCatalog').GetProperty('Bundled').GetValue($null)
$json = $context.Assemblies | Where-Object {{ $_.GetName().Name -eq 'System.Text.Json' }}
[pscustomobject]@{{ Count = $count; Models = @($catalog.All).Count; JsonVersion = $json.GetName().Version.ToString(); JsonPath = $json.Location }} | ConvertTo-Json -Compress
'@
        $samplePath = Join-Path $TestDrive 'probe-sample.txt'; [System.IO.File]::WriteAllText($samplePath, $Sample)
        $script:Probe = Invoke-ChildPwsh ($probeScript -f $Ns20, $samplePath)
        $script:Net8O200k = [VivgridPS.Core.Tokens.TokenCounter]::CountO200k($Sample)
    }

    It 'loads the shipped System.Text.Json 8.0.x in that context' {
        $Probe.JsonVersion | Should -BeLike '8.0.*'
        $Probe.JsonPath | Should -Be (Join-Path $Ns20 'System.Text.Json.dll')
    }

    It 'parses the bundled catalog with it' {
        $Probe.Models | Should -Be @(Get-VivgridModel -Offline).Count
    }

    It 'counts o200k tokens exactly as the net8.0 build does' {
        $Net8O200k | Should -BeGreaterThan 20
        $Probe.Count | Should -Be $Net8O200k
    }
}

Describe 'UTF-8 request bodies from the net8.0 build' {
    It 'sends a non-ASCII prompt and piped text intact' {
        Reset-Emulator
        $prompt = 'Zähle: 東京 ✓ 🚀'
        $r = 'naïve café', 'Ελληνικά' | Invoke-VivgridChat -Prompt $prompt -Model gpt-5.4-mini
        $r.Content | Should -BeLike "Echo: $prompt*"
        ((Get-EmulatorRequest)[0].body | ConvertFrom-Json).messages[-1].content | Should -BeExactly "$prompt`n`nnaïve café`nΕλληνικά"
    }
}
