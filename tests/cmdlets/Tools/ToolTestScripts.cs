namespace VivgridPS.Cmdlets.Tests.Tools
{
    /// <summary>Harmless stand-in commands defined in the test runspace; they record what ran in $global:ToolRuns.</summary>
    internal static class ToolTestScripts
    {
        public const string Functions = @"
$global:ToolRuns = [System.Collections.Generic.List[string]]::new()
function global:Get-TestService {
    <#
    .SYNOPSIS
    Lists the test services and their state.
    .PARAMETER Name
    Service names to look up.
    #>
    [CmdletBinding(DefaultParameterSetName = 'ByName')]
    param(
        [Parameter(ParameterSetName = 'ByName', Position = 0)] [string[]] $Name,
        [Parameter(Mandatory, HelpMessage = 'Which state to list')] [ValidateSet('Running', 'Stopped')] [string] $Status,
        [int] $Limit,
        [switch] $IncludeDisabled,
        [double] $Weight,
        [System.DayOfWeek] $Day,
        [Parameter(ParameterSetName = 'ById')] [int] $Id,
        [scriptblock] $Filter
    )
    $global:ToolRuns.Add(""Get-TestService $Status $($Name -join ',')"")
    $all = @(
        [pscustomobject]@{ Name = 'Spooler'; Status = 'Stopped'; StartType = 'Automatic' },
        [pscustomobject]@{ Name = 'Fax'; Status = 'Stopped'; StartType = 'Manual' },
        [pscustomobject]@{ Name = 'sshd'; Status = 'Running'; StartType = 'Automatic' }
    )
    $all | Where-Object { $_.Status -eq $Status -and (-not $Name -or $_.Name -in $Name) }
}
function global:Get-Echo {
    param([Parameter(Mandatory)] [string] $Text)
    $global:ToolRuns.Add(""Get-Echo $Text"")
    ""echo:$Text""
}
function global:Invoke-Failing {
    [CmdletBinding()]
    param([string] $Reason = 'disk on fire')
    $global:ToolRuns.Add('Invoke-Failing')
    throw $Reason
}
function global:Get-Partly {
    [CmdletBinding()]
    param()
    $global:ToolRuns.Add('Get-Partly')
    'first'
    Write-Error 'second item is missing'
}
";
    }
}
