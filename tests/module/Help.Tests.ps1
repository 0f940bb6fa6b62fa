# The generated MAML help and about_VivgridPS, as Get-Help shows them from the staged module, and the generator's
# failure rules (a parameter without help fails the build; a documented parameter that does not exist only warns).
BeforeDiscovery {
    . $PSScriptRoot/TestHelpers.ps1
    Import-VivgridTestModule
    $cmdletCases = @(Get-Command -Module VivgridPS -CommandType Cmdlet | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Import-VivgridTestModule
    $script:Common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters

    function Get-OwnParameterName([string] $Name) {
        (Get-Command $Name).Parameters.Keys | Where-Object { $script:Common -notcontains $_ }
    }

    function Get-ParseError([string] $Code) {
        $tokens = $null; $errors = $null
        $null = [System.Management.Automation.Language.Parser]::ParseInput($Code, [ref] $tokens, [ref] $errors)
        $errors
    }
}

Describe 'Cmdlet help for <Name>' -ForEach $cmdletCases {
    BeforeAll {
        $help = Get-Help $Name -Full
        $command = Get-Command $Name
        # One Get-Help call per cmdlet; Get-Help -Parameter per parameter would re-read the help each time.
        $parameterHelp = @{}
        foreach ($p in @($help.parameters.parameter)) { $parameterHelp[$p.name] = $p }
    }

    It 'is read from VivgridPS.dll-Help.xml beside the loaded build' {
        Split-Path -Leaf $command.HelpFile | Should -Be 'VivgridPS.dll-Help.xml'
        $file = Join-Path (Split-Path -Parent $command.ImplementingType.Assembly.Location) 'en-US/VivgridPS.dll-Help.xml'
        $maml = [xml] (Get-Content -Raw -LiteralPath $file)
        $entry = $maml.helpItems.command | Where-Object { $_.details.name -eq $Name }
        $help.Synopsis | Should -BeExactly $entry.details.description.para
    }

    It 'has a synopsis and a description of its own (not the generated syntax)' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match 'CommonParameters'
        $help.Synopsis | Should -Not -BeLike "$Name *"
        ($help.description.Text -join "`n").Length | Should -BeGreaterThan 100
    }

    It 'documents every parameter' {
        $missing = foreach ($parameter in Get-OwnParameterName $Name) {
            $text = $parameterHelp[$parameter].description.Text -join ' '
            if ([string]::IsNullOrWhiteSpace($text)) { $parameter }
        }
        $missing | Should -BeNullOrEmpty
    }

    It 'describes each parameter with the metadata of the built cmdlet' {
        foreach ($parameter in Get-OwnParameterName $Name) {
            $meta = $command.Parameters[$parameter]
            $doc = $parameterHelp[$parameter]
            $byValue = [bool] ($meta.ParameterSets.Values | Where-Object ValueFromPipeline)
            $byName = [bool] ($meta.ParameterSets.Values | Where-Object ValueFromPipelineByPropertyName)
            $doc.pipelineInput -match 'ByValue' | Should -Be $byValue -Because "-$parameter pipeline input"
            $doc.pipelineInput -match 'ByPropertyName' | Should -Be $byName -Because "-$parameter pipeline input"
            $position = $meta.ParameterSets.Values | Where-Object { $_.Position -ge 0 } | Select-Object -First 1 -ExpandProperty Position
            $doc.position | Should -Be $(if ($null -ne $position) { [string] $position } else { 'named' }) -Because "-$parameter position"
            if ($meta.Aliases.Count) { $doc.aliases | Should -Be ($meta.Aliases -join ', ') -Because "-$parameter aliases" }
            $doc.type.name | Should -Be $meta.ParameterType.ToString() -Because "-$parameter type"
        }
    }

    It 'has the same syntax lines as Get-Command, with switches shown without a value' {
        # -WhatIf and -Confirm are documented (their effect is cmdlet-specific); the other common parameters are not.
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters
        $fromCommand = foreach ($set in $command.ParameterSets) {
            (@($set.Parameters | Where-Object { $common -notcontains $_.Name -and $_.Position -ge 0 } | Sort-Object Position) +
             @($set.Parameters | Where-Object { $common -notcontains $_.Name -and $_.Position -lt 0 })).Name -join ' '
        }
        $fromHelp = foreach ($item in @($help.syntax.syntaxItem)) { @($item.parameter.name) -join ' ' }
        @($fromHelp | Sort-Object) | Should -Be @($fromCommand | Sort-Object)
        $syntax = $help.syntax | Out-String -Width 1000
        $syntax | Should -Not -Match 'SwitchParameter'
        foreach ($switch in $command.Parameters.Values | Where-Object { $_.SwitchParameter -and $script:Common -notcontains $_.Name }) {
            $syntax | Should -Match "\[-$($switch.Name)\]"
        }
    }

    It 'lists the values of a ValidateSet parameter' {
        foreach ($parameter in Get-OwnParameterName $Name) {
            $set = $command.Parameters[$parameter].Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] }
            if (-not $set) { continue }
            @($parameterHelp[$parameter].parameterValueGroup.parameterValue) | Should -Be @($set.ValidValues)
        }
    }

    It 'has at least three examples, each of which parses' {
        $examples = @($help.examples.example)
        $examples.Count | Should -BeGreaterOrEqual 3
        foreach ($example in $examples) {
            $example.code | Should -Not -BeNullOrEmpty
            Get-ParseError $example.code | Should -BeNullOrEmpty -Because $example.title
            ($example.remarks.Text -join ' ') | Should -Not -BeNullOrEmpty -Because $example.title
        }
    }

    It 'uses only parameters that exist in its examples' {
        $ours = @{}
        Get-Command -Module VivgridPS -CommandType Cmdlet | ForEach-Object { $ours[$_.Name] = $_ }
        foreach ($example in @($help.examples.example)) {
            $ast = [System.Management.Automation.Language.Parser]::ParseInput($example.code, [ref] $null, [ref] $null)
            foreach ($call in $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] }, $true)) {
                $info = $ours[[string] $call.GetCommandName()]
                if (-not $info) { continue }
                foreach ($p in $call.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] }) {
                    { $info.ResolveParameter($p.ParameterName) } | Should -Not -Throw -Because "$($example.title) passes -$($p.ParameterName)"
                }
            }
        }
    }

    It 'documents its inputs and every [OutputType]' {
        @($help.inputTypes.inputType).Count | Should -BeGreaterThan 0
        $documented = @($help.returnValues.returnValue.type.name)
        foreach ($type in $command.OutputType) { $documented | Should -Contain $type.Name }
    }

    It 'links to about_VivgridPS' {
        @($help.relatedLinks.navigationLink.linkText) | Should -Contain 'about_VivgridPS'
    }
}

Describe 'The help files of the staged module' {
    It 'ships VivgridPS.dll-Help.xml for both builds, identical and well-formed' {
        $net8 = Join-Path $ModulePath 'bin/net8.0/en-US/VivgridPS.dll-Help.xml'
        $ns20 = Join-Path $ModulePath 'bin/netstandard2.0/en-US/VivgridPS.dll-Help.xml'
        (Get-FileHash $net8).Hash | Should -Be (Get-FileHash $ns20).Hash
        ([xml] (Get-Content -Raw $net8)).helpItems.command.details.name | Sort-Object |
            Should -Be ((Get-Command -Module VivgridPS -CommandType Cmdlet).Name | Sort-Object)
    }
}

Describe 'about_VivgridPS' {
    BeforeAll {
        $about = Get-Help about_VivgridPS | Out-String
    }

    It 'is found by Get-Help from the module''s en-US folder' {
        Test-Path (Join-Path $ModulePath 'en-US/about_VivgridPS.help.txt') | Should -BeTrue
        $about | Should -Match 'SHORT DESCRIPTION'
    }

    It 'names every environment variable the module reads' {
        foreach ($name in 'VIVGRID_API_KEY', 'VIVGRID_BASE_URL', 'VIVGRID_MODEL', 'VIVGRID_CATALOG', 'VIVGRID_USAGE_LOG') {
            $about | Should -Match $name
        }
    }

    It 'lists every ErrorId the module can raise' {
        $ids = [VivgridPS.Core.Errors.VivgridErrorId].GetFields() | Where-Object IsLiteral | ForEach-Object { $_.GetRawConstantValue() }
        $ids.Count | Should -BeGreaterThan 10
        foreach ($id in $ids) { $about | Should -Match "\b$id\b" -Because "ErrorId $id" }
    }

    It 'states the five pipeline rules and covers streaming, the ledger and retries' {
        foreach ($n in 1..5) { $about | Should -Match "(?m)^\s+$n\. " }
        foreach ($topic in 'STREAMING', 'THE USAGE LEDGER', 'ERRORS', 'RETRIES AND TIMEOUTS', 'Retry-After') { $about | Should -Match $topic }
    }

    It 'has command examples that parse' {
        $lines = (Get-Content -Raw (Join-Path $ModulePath 'en-US/about_VivgridPS.help.txt')) -split "`r?`n" |
            Where-Object { $_ -match '^\s{8,}(Get-|Invoke-|Measure-|Import-|\$|if |''|@)' } | ForEach-Object Trim
        $lines.Count | Should -BeGreaterThan 10
        foreach ($line in $lines) { Get-ParseError $line | Should -BeNullOrEmpty -Because $line }
    }
}

Describe 'New-MamlHelp.ps1 (the generator)' {
    BeforeAll {
        $generator = Join-Path (Split-Path (Split-Path $ModulePath)) 'src/VivgridPS/Help/New-MamlHelp.ps1'
        $sources = Split-Path -Parent $generator
        $dll = Join-Path $ModulePath 'bin/net8.0/VivgridPS.dll'
        # Each scenario edits a copy of the sources. All run in ONE child pwsh: the generator imports VivgridPS.dll,
        # which this process has already loaded through the module.
        $scenarios = [ordered]@{
            intact            = { }
            missingParameter  = { param($d) $f = "$d/Invoke-VivgridChat.md"; (Get-Content -Raw $f) -replace '(?s)### -Seed\r?\n.*?(?=### )', '' | Set-Content $f }
            unknownParameter  = { param($d) $f = "$d/Get-VivgridModel.md"; (Get-Content -Raw $f) -replace '## INPUTS', "### -Bogus`nNot a parameter.`n`n## INPUTS" | Set-Content $f }
            unparsableExample = { param($d) $f = "$d/Get-VivgridUsage.md"; (Get-Content -Raw $f) -replace 'Export-Csv \.\\usage\.csv', 'Export-Csv (' | Set-Content $f }
            twoExamples       = { param($d) $f = "$d/Get-VivgridUsage.md"; (Get-Content -Raw $f) -replace '(?s)### Example 3.*?(?=## RELATED)', '' | Set-Content $f }
            missingFile       = { param($d) Remove-Item "$d/Measure-VivgridCost.md" }
        }
        foreach ($entry in $scenarios.GetEnumerator()) {
            $dir = New-Item -ItemType Directory (Join-Path $TestDrive $entry.Key)
            Copy-Item "$sources/*.md" $dir
            & $entry.Value $dir.FullName
        }
        $child = @'
param($Generator, $Dll, $Root, [string[]] $Names)
foreach ($name in $Names) {
    $out = Join-Path $Root "$name/out/VivgridPS.dll-Help.xml"
    $warnings = $null
    $failure = $null
    try { & $Generator -ModulePath $Dll -SourcePath (Join-Path $Root $name) -OutputPath $out -WarningVariable warnings -WarningAction SilentlyContinue }
    catch { $failure = $_.Exception.Message }
    [pscustomobject]@{ Name = $name; Failure = $failure; Warnings = @($warnings | ForEach-Object Message); Written = (Test-Path $out) }
}
'@
        Set-Content (Join-Path $TestDrive 'child.ps1') $child
        $pwshDll = [System.Reflection.Assembly]::GetEntryAssembly().Location
        $json = & ([Environment]::ProcessPath) $pwshDll -NoProfile -NonInteractive -Command "& '$TestDrive/child.ps1' -Generator '$generator' -Dll '$dll' -Root '$TestDrive' -Names $($scenarios.Keys -join ',') | ConvertTo-Json -Depth 4"
        $results = @{}
        ($json | Out-String | ConvertFrom-Json) | ForEach-Object { $results[$_.Name] = $_ }
    }

    It 'writes help from intact sources, warning only about parameters that do not exist yet' {
        $r = $results.intact
        $r.Failure | Should -BeNullOrEmpty
        $r.Written | Should -BeTrue
        foreach ($w in $r.Warnings) { $w | Should -Match 'does not (have|exist)' }
    }

    It 'fails, naming the parameter, when an existing parameter has no help' {
        $results.missingParameter.Failure | Should -Match 'Invoke-VivgridChat.*parameter -Seed has no help'
        $results.missingParameter.Written | Should -BeFalse
    }

    It 'warns about, and leaves out, a documented parameter that does not exist' {
        $r = $results.unknownParameter
        $r.Failure | Should -BeNullOrEmpty
        $r.Warnings -join "`n" | Should -Match 'Get-VivgridModel.*-Bogus'
        Get-Content -Raw (Join-Path $TestDrive 'unknownParameter/out/VivgridPS.dll-Help.xml') | Should -Not -Match 'Bogus'
    }

    It 'fails on an example that does not parse' {
        $results.unparsableExample.Failure | Should -Match 'Get-VivgridUsage.*Example 4.*does not parse'
    }

    It 'fails when a cmdlet has fewer than three examples' {
        $results.twoExamples.Failure | Should -Match 'Get-VivgridUsage.*2 usable examples; at least 3'
    }

    It 'fails when a cmdlet has no help source at all' {
        $results.missingFile.Failure | Should -Match 'Measure-VivgridCost has no help source'
    }
}
