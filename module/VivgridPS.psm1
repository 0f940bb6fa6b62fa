# Loads the compiled cmdlets that match this PowerShell: net8.0 on PowerShell 7.4+ (Core), netstandard2.0 on
# Windows PowerShell 5.1 (Desktop).
# Only .NET calls and Microsoft.PowerShell.Core cmdlets are used here: Join-Path, Test-Path or Add-Type would
# auto-load Microsoft.PowerShell.Management/Utility and add tens of milliseconds to every import.
$tfm = if ($PSEdition -eq 'Core') { 'net8.0' } else { 'netstandard2.0' }
$folder = [System.IO.Path]::Combine($PSScriptRoot, 'bin', $tfm)
$binary = [System.IO.Path]::Combine($folder, 'VivgridPS.dll')
if (-not [System.IO.File]::Exists($binary)) {
    throw "VivgridPS: the $tfm build is missing at '$binary'. Rebuild with ./build.ps1."
}
# Load the core first so its public types ([VivgridPS.ChatResult], ...) can be named in scripts before any call.
$null = [System.Reflection.Assembly]::LoadFrom([System.IO.Path]::Combine($folder, 'VivgridPS.Core.dll'))
$script:VivgridBinaryModule = Import-Module -Name $binary -PassThru -ErrorAction Stop
$ExecutionContext.SessionState.Module.OnRemove = {
    if ($script:VivgridBinaryModule) { Remove-Module -ModuleInfo $script:VivgridBinaryModule -ErrorAction SilentlyContinue }
}
