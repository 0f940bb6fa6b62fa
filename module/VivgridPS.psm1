# Loads the compiled cmdlets that match this PowerShell: net8.0 on PowerShell 7.4+ (Core), netstandard2.0 on
# Windows PowerShell 5.1 (Desktop).
# Only .NET calls and Microsoft.PowerShell.Core cmdlets are used here: Join-Path, Test-Path or Add-Type would
# auto-load Microsoft.PowerShell.Management/Utility and add tens of milliseconds to every import.
# Windows PowerShell 5.1 runs on whichever .NET Framework 4.x the machine has; the netstandard2.0 build needs 4.7.2 or
# later (older ones lack built-in netstandard 2.0 support and fail later with obscure load errors). The registry
# "Release" value is how Microsoft documents detecting the installed version: 461808 is the lowest 4.7.2 value.
function Get-VivgridFrameworkProblem([object] $Release) {
    if ($null -eq $Release) { return $null } # Unreadable: do not block on a guess; a too-old runtime still fails on load.
    if ([int] $Release -ge 461808) { return $null }
    $found = '4.5'
    foreach ($known in @(461308, '4.7.1'), @(460798, '4.7'), @(394802, '4.6.2'), @(394254, '4.6.1'), @(393295, '4.6'), @(379893, '4.5.2'), @(378675, '4.5.1')) {
        if ([int] $Release -ge $known[0]) { $found = $known[1]; break }
    }
    "VivgridPS needs .NET Framework 4.7.2 or later under Windows PowerShell 5.1; this computer has .NET Framework $found (release $Release). " +
    "Install .NET Framework 4.8 (Windows Update, or https://dotnet.microsoft.com/download/dotnet-framework), or use PowerShell 7.4 or later."
}
if ($PSEdition -eq 'Desktop') {
    $frameworkRelease = [Microsoft.Win32.Registry]::GetValue('HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full', 'Release', $null)
    $frameworkProblem = Get-VivgridFrameworkProblem $frameworkRelease
    if ($frameworkProblem) { throw $frameworkProblem }
}
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
