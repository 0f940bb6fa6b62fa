<#
.SYNOPSIS
    Runs the Pester suite against the staged module in this (child) pwsh and writes the counts to a JSON file.
#>
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $EmulatorUri,
    [Parameter(Mandatory)] [string] $SummaryPath
)
$ErrorActionPreference = 'Stop'
# Autoloading off: the tests import exactly the staged module, never one from a user's module path.
$PSModuleAutoLoadingPreference = 'None'
Import-Module Microsoft.PowerShell.Utility, Microsoft.PowerShell.Management, Microsoft.PowerShell.Security
Import-Module $PesterPath -Force
$env:VIVGRID_TEST_MODULE = $ModulePath
$env:VIVGRID_EMULATOR_URL = $EmulatorUri

$config = New-PesterConfiguration
$config.Run.Path = $PSScriptRoot
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Normal'
$result = Invoke-Pester -Configuration $config
[pscustomobject]@{
    Passed = $result.PassedCount
    Failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    Skipped = $result.SkippedCount + $result.NotRunCount
} |
    ConvertTo-Json | Set-Content -LiteralPath $SummaryPath
