<#
.SYNOPSIS
    The demo behind `./build.ps1`: pipe a report into Invoke-VivgridChat, stream the summary, show the cost.
.DESCRIPTION
    With -EmulatorUri the call goes to the local emulator (a throw-away key, ledger off); otherwise the real
    service is used with $env:VIVGRID_API_KEY.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $ReportPath,
    [string] $EmulatorUri
)
$ErrorActionPreference = 'Stop'
if ($EmulatorUri) {
    $env:VIVGRID_BASE_URL = $EmulatorUri
    $env:VIVGRID_API_KEY = 'emulator-demo-key'
    $env:VIVGRID_USAGE_LOG = 'off'
}
Import-Module $ModulePath
$prompt = 'Summarize this report in 5 bullets'
Write-Host "PS> Get-Content $ReportPath | Invoke-VivgridChat -Prompt '$prompt' -Model gpt-5.4-mini -Stream -PassThru" -ForegroundColor Green
$result = Get-Content -LiteralPath $ReportPath |
    Invoke-VivgridChat -Prompt $prompt -Model gpt-5.4-mini -Stream -PassThru |
    ForEach-Object { if ($_ -is [string]) { [Console]::Out.Write($_) } else { $_ } }
[Console]::Out.WriteLine()
$result | Select-Object Model, InputTokens, CachedInputTokens, OutputTokens, CostUsd, Duration, TimeToFirstToken | Format-List
