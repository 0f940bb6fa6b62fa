<#
.SYNOPSIS
    Generates the MAML help file (VivgridPS.dll-Help.xml) from the Markdown prose in this folder plus the metadata of
    the built cmdlets (Get-Command: parameter types, sets, positions, pipeline input, aliases, wildcards, ValidateSet).
.DESCRIPTION
    One Markdown file per cmdlet, named <Cmdlet>.md, with these sections (in any order):
        # <Cmdlet>
        ## SYNOPSIS            one paragraph
        ## DESCRIPTION         paragraphs; lines starting with '- ' or '1. ' are list items (one paragraph each)
        ## PARAMETERS          ### -Name, then its paragraphs; an optional line 'Default value: <text>'
        ## INPUTS / OUTPUTS    ### <type name>, then its paragraphs
        ## NOTES               paragraphs
        ## EXAMPLES            ### Example N: title, one ```powershell fence, then remarks
        ## RELATED LINKS       '- Name' or '- [Name](uri)'
    Rules, so a merge that adds or removes a parameter shows up at build time:
    - an existing parameter (common parameters excepted) without a section FAILS the build;
    - a documented parameter that does not exist is a WARNING and is left out;
    - an example that passes a parameter one of our cmdlets does not have is a WARNING and is left out;
    - an example that does not parse, a missing SYNOPSIS/DESCRIPTION/INPUTS/OUTPUTS, or fewer than three examples FAILS.
    Runs in its own process (build.ps1 starts it with `dotnet pwsh`), so loading VivgridPS.dll here never clashes
    with another copy in the caller.
#>
[CmdletBinding()]
param(
    # The VivgridPS.dll (or module manifest) whose cmdlets are documented.
    [Parameter(Mandatory)] [string] $ModulePath,
    # The folder holding the <Cmdlet>.md files.
    [string] $SourcePath = $PSScriptRoot,
    # The MAML file to write.
    [Parameter(Mandatory)] [string] $OutputPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$script:Ns = @{
    maml    = 'http://schemas.microsoft.com/maml/2004/10'
    command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    dev     = 'http://schemas.microsoft.com/maml/dev/2004/10'
}
$script:CommonParameters = [System.Collections.Generic.HashSet[string]]::new(
    [string[]] ([System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters),
    [StringComparer]::OrdinalIgnoreCase)
# ShouldProcess parameters are documented like ordinary ones (-WhatIf has cmdlet-specific behaviour worth explaining).
foreach ($name in 'WhatIf', 'Confirm') { $null = $script:CommonParameters.Remove($name) }

function ConvertTo-Paragraphs {
    # Markdown lines -> paragraphs. Soft-wrapped lines join with a space; list items stay separate paragraphs.
    param([string[]] $Lines)
    $paragraphs = [System.Collections.Generic.List[string]]::new()
    $current = [System.Collections.Generic.List[string]]::new()
    $flush = { if ($current.Count -gt 0) { $paragraphs.Add(($current -join ' ').Trim()); $current.Clear() } }
    foreach ($line in $Lines) {
        if ($line -match '^\s*$') { & $flush; continue }
        if ($line -match '^\s*(- |\d+\. )') { & $flush }
        $current.Add($line.Trim())
    }
    & $flush
    # Inline Markdown code marks mean nothing in a console; the plain text reads better.
    @($paragraphs | ForEach-Object { $_ -replace '`([^`]+)`', '$1' -replace '\*\*([^*]+)\*\*', '$1' })
}

function Split-Sections {
    # Splits lines at headings of the given level ('## ' or '### '): ordered name -> lines.
    param([string[]] $Lines, [string] $Marker)
    $sections = [ordered]@{}
    $name = $null
    $inFence = $false
    foreach ($line in $Lines) {
        if ($line -match '^```') { $inFence = -not $inFence }
        if (-not $inFence -and $line.StartsWith($Marker) -and -not $line.StartsWith($Marker + '#')) {
            $name = $line.Substring($Marker.Length).Trim()
            if ($sections.Contains($name)) { throw "Duplicate heading '$Marker$name'." }
            $sections[$name] = [System.Collections.Generic.List[string]]::new()
            continue
        }
        if ($null -ne $name) { $sections[$name].Add($line) }
    }
    $sections
}

function Read-HelpMarkdown {
    param([string] $Path)
    $lines = [System.IO.File]::ReadAllLines($Path)
    $title = ($lines | Where-Object { $_ -match '^# ' } | Select-Object -First 1)
    if (-not $title) { throw "$Path has no '# <Cmdlet>' title." }
    $sections = Split-Sections $lines '## '
    $section = { param($n) if ($sections.Contains($n)) { [string[]] $sections[$n] } else { [string[]] @() } }

    $parameters = [ordered]@{}
    foreach ($entry in (Split-Sections (& $section 'PARAMETERS') '### ').GetEnumerator()) {
        $default = $null
        $body = foreach ($line in $entry.Value) {
            if ($line -match '^Default value:\s*(.+)$') { $default = $Matches[1].Trim() } else { $line }
        }
        $parameters[$entry.Key.TrimStart('-')] = [pscustomobject]@{ Paragraphs = @(ConvertTo-Paragraphs $body); Default = $default }
    }
    $typed = {
        param($name)
        foreach ($entry in (Split-Sections (& $section $name) '### ').GetEnumerator()) {
            [pscustomobject]@{ Type = $entry.Key; Paragraphs = @(ConvertTo-Paragraphs $entry.Value) }
        }
    }
    $examples = foreach ($entry in (Split-Sections (& $section 'EXAMPLES') '### ').GetEnumerator()) {
        $code = [System.Collections.Generic.List[string]]::new()
        $remarks = [System.Collections.Generic.List[string]]::new()
        $state = 'before'
        foreach ($line in $entry.Value) {
            if ($line -match '^```') { $state = if ($state -eq 'before') { 'code' } else { 'after' }; continue }
            if ($state -eq 'code') { $code.Add($line) } elseif ($state -eq 'after') { $remarks.Add($line) }
        }
        if ($code.Count -eq 0) { throw "$Path, example '$($entry.Key)': no ```powershell code fence." }
        [pscustomobject]@{ Title = $entry.Key; Code = ($code -join "`n"); Remarks = @(ConvertTo-Paragraphs $remarks) }
    }
    $links = foreach ($line in (& $section 'RELATED LINKS')) {
        if ($line -match '^\s*-\s*\[([^\]]+)\]\(([^)]*)\)') { [pscustomobject]@{ Text = $Matches[1]; Uri = $Matches[2] } }
        elseif ($line -match '^\s*-\s*(\S.*)$') { [pscustomobject]@{ Text = $Matches[1].Trim(); Uri = '' } }
    }
    [pscustomobject]@{
        Name        = $title.Substring(2).Trim()
        Path        = $Path
        Synopsis    = @(ConvertTo-Paragraphs (& $section 'SYNOPSIS')) -join ' '
        Description = @(ConvertTo-Paragraphs (& $section 'DESCRIPTION'))
        Parameters  = $parameters
        Inputs      = @(& $typed 'INPUTS')
        Outputs     = @(& $typed 'OUTPUTS')
        Notes       = @(ConvertTo-Paragraphs (& $section 'NOTES'))
        Examples    = @($examples)
        Links       = @($links)
    }
}

function Test-ExampleParameters {
    # The names of parameters an example passes to one of our cmdlets that the cmdlet does not have.
    param([string] $Code, [hashtable] $Commands)
    $tokens = $null; $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseInput($Code, [ref] $tokens, [ref] $errors)
    if ($errors.Count -gt 0) { throw "does not parse: $($errors[0].Message)" }
    foreach ($call in $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] }, $true)) {
        $info = $Commands[[string] $call.GetCommandName()]
        if (-not $info) { continue }
        foreach ($p in $call.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] }) {
            if ($script:CommonParameters.Contains($p.ParameterName)) { continue }
            try { $null = $info.ResolveParameter($p.ParameterName) }
            catch { "$($info.Name) -$($p.ParameterName)" }
        }
    }
}

function Get-PipelineInputText([System.Management.Automation.ParameterMetadata] $Parameter) {
    $kinds = @(@(foreach ($set in $Parameter.ParameterSets.Values) {
        if ($set.ValueFromPipelineByPropertyName) { 'ByPropertyName' }
        if ($set.ValueFromPipeline) { 'ByValue' }
    }) | Sort-Object -Unique)
    if ($kinds.Count -eq 0) { 'False' } else { "True ($($kinds -join ', '))" }
}

function Get-PositionText([System.Management.Automation.ParameterMetadata] $Parameter, [string] $SetName) {
    $sets = if ($SetName) { @($Parameter.ParameterSets[$SetName], $Parameter.ParameterSets['__AllParameterSets']) } else { @($Parameter.ParameterSets.Values) }
    $position = $sets | Where-Object { $_ -and $_.Position -ge 0 } | Select-Object -First 1 -ExpandProperty Position
    if ($null -ne $position) { [string] $position } else { 'named' }
}

function Get-TypeName([type] $Type) {
    if ($Type -eq [System.Management.Automation.SwitchParameter]) { return 'SwitchParameter' }
    # int? reads as Int32 in help, as Get-Command shows it; 'Nullable`1' tells a user nothing.
    $underlying = [Nullable]::GetUnderlyingType($Type)
    if ($underlying) { return $underlying.Name }
    $Type.Name
}

function Write-Paragraphs([System.Xml.XmlWriter] $Writer, [string[]] $Paragraphs) {
    foreach ($p in $Paragraphs) { $Writer.WriteElementString('maml', 'para', $script:Ns.maml, $p) }
}

function Write-Description([System.Xml.XmlWriter] $Writer, [string[]] $Paragraphs) {
    $Writer.WriteStartElement('maml', 'description', $script:Ns.maml)
    Write-Paragraphs $Writer $Paragraphs
    $Writer.WriteEndElement()
}

function Write-ParameterElement {
    param([System.Xml.XmlWriter] $Writer, [System.Management.Automation.ParameterMetadata] $Meta, $Doc, [string] $SetName)
    $sets = @(if ($SetName) { $Meta.ParameterSets[$SetName], $Meta.ParameterSets['__AllParameterSets'] | Where-Object { $_ } } else { $Meta.ParameterSets.Values })
    $mandatory = if ($SetName) { [bool] ($sets | Where-Object IsMandatory) } else { [bool] ($sets.Count -gt 0 -and -not ($sets | Where-Object { -not $_.IsMandatory })) }
    $isSwitch = $Meta.SwitchParameter
    $globbing = [bool] ($Meta.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
    $validateSet = $Meta.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] } | Select-Object -First 1

    $Writer.WriteStartElement('command', 'parameter', $script:Ns.command)
    $Writer.WriteAttributeString('required', $mandatory.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('variableLength', 'true')
    $Writer.WriteAttributeString('globbing', $globbing.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('pipelineInput', (Get-PipelineInputText $Meta))
    $Writer.WriteAttributeString('position', (Get-PositionText $Meta $SetName))
    $Writer.WriteAttributeString('aliases', $(if ($Meta.Aliases.Count) { $Meta.Aliases -join ', ' } else { 'none' }))
    $Writer.WriteElementString('maml', 'name', $script:Ns.maml, $Meta.Name)
    Write-Description $Writer $Doc.Paragraphs
    if ($validateSet) {
        $Writer.WriteStartElement('command', 'parameterValueGroup', $script:Ns.command)
        foreach ($value in $validateSet.ValidValues) {
            $Writer.WriteStartElement('command', 'parameterValue', $script:Ns.command)
            $Writer.WriteAttributeString('required', 'false')
            $Writer.WriteAttributeString('command', 'variableLength', $script:Ns.command, 'false')
            $Writer.WriteString($value)
            $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    }
    # A switch takes no value: without parameterValue, a syntax line shows [-Stream], not [-Stream <SwitchParameter>].
    if (-not ($isSwitch -and $SetName)) {
        $Writer.WriteStartElement('command', 'parameterValue', $script:Ns.command)
        $Writer.WriteAttributeString('required', (-not $isSwitch).ToString().ToLowerInvariant())
        $Writer.WriteAttributeString('variableLength', 'false')
        $Writer.WriteString((Get-TypeName $Meta.ParameterType))
        $Writer.WriteEndElement()
    }
    $Writer.WriteStartElement('dev', 'type', $script:Ns.dev)
    $Writer.WriteElementString('maml', 'name', $script:Ns.maml, $Meta.ParameterType.ToString())
    $Writer.WriteElementString('maml', 'uri', $script:Ns.maml, '')
    $Writer.WriteEndElement()
    $default = if ($Doc.Default) { $Doc.Default } elseif ($isSwitch) { 'False' } else { 'None' }
    $Writer.WriteElementString('dev', 'defaultValue', $script:Ns.dev, $default)
    $Writer.WriteEndElement()
}

function Write-TypeList([System.Xml.XmlWriter] $Writer, [string] $ListName, [string] $ItemName, $Items) {
    $Writer.WriteStartElement('command', $ListName, $script:Ns.command)
    foreach ($item in $Items) {
        $Writer.WriteStartElement('command', $ItemName, $script:Ns.command)
        $Writer.WriteStartElement('dev', 'type', $script:Ns.dev)
        $Writer.WriteElementString('maml', 'name', $script:Ns.maml, $item.Type)
        $Writer.WriteEndElement()
        Write-Description $Writer $item.Paragraphs
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

function Write-CommandHelp {
    param([System.Xml.XmlWriter] $Writer, [System.Management.Automation.CommandInfo] $Command, $Doc, [string[]] $Documented)
    $Writer.WriteStartElement('command', 'command', $script:Ns.command)
    $Writer.WriteStartElement('command', 'details', $script:Ns.command)
    $Writer.WriteElementString('command', 'name', $script:Ns.command, $Command.Name)
    Write-Description $Writer @($Doc.Synopsis)
    $Writer.WriteElementString('command', 'verb', $script:Ns.command, $Command.Verb)
    $Writer.WriteElementString('command', 'noun', $script:Ns.command, $Command.Noun)
    $Writer.WriteEndElement()
    Write-Description $Writer $Doc.Description

    $Writer.WriteStartElement('command', 'syntax', $script:Ns.command)
    foreach ($set in $Command.ParameterSets) {
        $Writer.WriteStartElement('command', 'syntaxItem', $script:Ns.command)
        $Writer.WriteElementString('maml', 'name', $script:Ns.maml, $Command.Name)
        # Positional parameters first (by position), then the named ones in declaration order, as Get-Command shows them.
        $own = @($set.Parameters | Where-Object { -not $script:CommonParameters.Contains($_.Name) })
        $ordered = @($own | Where-Object { $_.Position -ge 0 } | Sort-Object Position) + @($own | Where-Object { $_.Position -lt 0 })
        foreach ($p in $ordered) {
            Write-ParameterElement $Writer $Command.Parameters[$p.Name] $Doc.Parameters[$p.Name] $set.Name
        }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'parameters', $script:Ns.command)
    foreach ($name in $Documented) { Write-ParameterElement $Writer $Command.Parameters[$name] $Doc.Parameters[$name] $null }
    $Writer.WriteEndElement()

    Write-TypeList $Writer 'inputTypes' 'inputType' $Doc.Inputs
    Write-TypeList $Writer 'returnValues' 'returnValue' $Doc.Outputs
    if ($Doc.Notes.Count -gt 0) {
        $Writer.WriteStartElement('maml', 'alertSet', $script:Ns.maml)
        $Writer.WriteStartElement('maml', 'alert', $script:Ns.maml)
        Write-Paragraphs $Writer $Doc.Notes
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }
    $Writer.WriteStartElement('command', 'examples', $script:Ns.command)
    foreach ($example in $Doc.Examples) {
        $Writer.WriteStartElement('command', 'example', $script:Ns.command)
        $Writer.WriteElementString('maml', 'title', $script:Ns.maml, "--- $($example.Title) ---")
        $Writer.WriteElementString('dev', 'code', $script:Ns.dev, $example.Code)
        $Writer.WriteStartElement('dev', 'remarks', $script:Ns.dev)
        Write-Paragraphs $Writer $example.Remarks
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
    $Writer.WriteStartElement('command', 'relatedLinks', $script:Ns.command)
    foreach ($link in $Doc.Links) {
        $Writer.WriteStartElement('maml', 'navigationLink', $script:Ns.maml)
        $Writer.WriteElementString('maml', 'linkText', $script:Ns.maml, $link.Text)
        $Writer.WriteElementString('maml', 'uri', $script:Ns.maml, $link.Uri)
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
    $Writer.WriteEndElement()
}

function Resolve-CommandDoc {
    # Checks one cmdlet's prose against its metadata. Returns the documented parameter names in prose order;
    # problems that must fail the build are added to $Problems.
    param([System.Management.Automation.CommandInfo] $Command, $Doc, [hashtable] $Commands, [System.Collections.Generic.List[string]] $Problems)
    $where = "$($Command.Name) ($($Doc.Path))"
    if (-not $Doc.Synopsis) { $Problems.Add("${where}: no SYNOPSIS.") }
    if ($Doc.Description.Count -eq 0) { $Problems.Add("${where}: no DESCRIPTION.") }
    if ($Doc.Inputs.Count -eq 0) { $Problems.Add("${where}: no INPUTS.") }
    if ($Doc.Outputs.Count -eq 0) { $Problems.Add("${where}: no OUTPUTS.") }
    $real = @($Command.Parameters.Keys | Where-Object { -not $script:CommonParameters.Contains($_) })
    foreach ($name in $real) {
        if (-not $Doc.Parameters.Contains($name) -or $Doc.Parameters[$name].Paragraphs.Count -eq 0) {
            $Problems.Add("${where}: parameter -$name has no help (add '### -$name' under '## PARAMETERS').")
        }
    }
    foreach ($name in @($Doc.Parameters.Keys)) {
        if ($real -notcontains $name) { Write-Warning "${where}: documents -$name, which the cmdlet does not have; left out." }
    }
    $kept = [System.Collections.Generic.List[object]]::new()
    foreach ($example in $Doc.Examples) {
        try { $unknown = @(Test-ExampleParameters $example.Code $Commands) }
        catch { $Problems.Add("${where}, $($example.Title): $($_.Exception.Message)"); continue }
        if ($unknown.Count -gt 0) { Write-Warning "${where}, $($example.Title): uses $($unknown -join ', '), which does not exist; left out." }
        else { $kept.Add($example) }
    }
    $Doc.Examples = $kept.ToArray()
    if ($kept.Count -lt 3) { $Problems.Add("${where}: $($kept.Count) usable examples; at least 3 are required.") }
    @($Doc.Parameters.Keys | Where-Object { $real -contains $_ })
}

$module = Import-Module (Resolve-Path -LiteralPath $ModulePath).ProviderPath -PassThru -Force -ErrorAction Stop
$commands = @{}
foreach ($c in Get-Command -Module $module.Name -CommandType Cmdlet) { $commands[$c.Name] = $c }
if ($commands.Count -eq 0) { throw "No cmdlets found in $ModulePath." }

$problems = [System.Collections.Generic.List[string]]::new()
$docs = [ordered]@{}
foreach ($file in Get-ChildItem -LiteralPath $SourcePath -Filter '*.md' | Sort-Object Name) {
    $doc = Read-HelpMarkdown $file.FullName
    if (-not $commands.ContainsKey($doc.Name)) { Write-Warning "$($file.Name) documents '$($doc.Name)', which is not a cmdlet of $($module.Name); skipped."; continue }
    $docs[$doc.Name] = $doc
}
$documented = @{}
foreach ($name in $commands.Keys | Sort-Object) {
    if (-not $docs.Contains($name)) { $problems.Add("$name has no help source ($name.md in $SourcePath)."); continue }
    $documented[$name] = Resolve-CommandDoc $commands[$name] $docs[$name] $commands $problems
}
if ($problems.Count -gt 0) { throw ("Help generation failed:`n  " + ($problems -join "`n  ")) }

$settings = [System.Xml.XmlWriterSettings]::new()
$settings.Indent = $true
$settings.Encoding = [System.Text.UTF8Encoding]::new($false)
$OutputPath = [System.IO.Path]::GetFullPath($OutputPath)
$null = New-Item -ItemType Directory -Path (Split-Path -Parent $OutputPath) -Force
# Written beside the target and moved at the end, so a failure never leaves a half-written help file behind.
$partial = "$OutputPath.partial"
$writer = [System.Xml.XmlWriter]::Create($partial, $settings)
try {
    $writer.WriteStartDocument()
    $writer.WriteStartElement('helpItems', 'http://msh')
    $writer.WriteAttributeString('schema', 'maml')
    $writer.WriteAttributeString('xmlns', 'maml', $null, $script:Ns.maml)
    $writer.WriteAttributeString('xmlns', 'command', $null, $script:Ns.command)
    $writer.WriteAttributeString('xmlns', 'dev', $null, $script:Ns.dev)
    foreach ($name in $commands.Keys | Sort-Object) { Write-CommandHelp $writer $commands[$name] $docs[$name] $documented[$name] }
    $writer.WriteEndElement()
    $writer.WriteEndDocument()
}
finally {
    $writer.Dispose()
}
Move-Item -LiteralPath $partial -Destination $OutputPath -Force
Write-Verbose "Wrote help for $($commands.Count) cmdlets to $OutputPath."
