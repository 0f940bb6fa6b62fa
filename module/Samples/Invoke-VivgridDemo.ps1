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
Write-Host "PS> `$result = Get-Content $ReportPath | Invoke-VivgridChat -Prompt '$prompt' -Model gpt-5.4-mini -Stream" -ForegroundColor Green
# Last in its pipeline in the console: the answer flows on screen as it is generated, and $result still gets the object.
$result = Get-Content -LiteralPath $ReportPath | Invoke-VivgridChat -Prompt $prompt -Model gpt-5.4-mini -Stream
Write-Host "PS> `$result | Format-List Model, InputTokens, OutputTokens, CostUsd, Duration, TimeToFirstToken" -ForegroundColor Green
$result | Format-List Model, InputTokens, CachedInputTokens, OutputTokens, CostUsd, Duration, TimeToFirstToken
