<#
.SYNOPSIS
    Makes a Framework-like runtime available for the Desktop check: Mono's runtime from Debian, plus the netstandard
    facades (from the mono-devel package, extracted, not installed). Idempotent: when both are present it only looks.
.OUTPUTS
    An object with Mono (the mono executable) and Facades (a folder for MONO_PATH). On Windows, where the net472
    program runs on .NET Framework itself, both are empty.
#>
[CmdletBinding()]
param(
    # Where the extracted facades are kept between runs (the repository's out/ folder).
    [Parameter(Mandatory)] [string] $CacheFolder
)
$ErrorActionPreference = 'Stop'

if ($IsWindows -or $PSVersionTable.PSEdition -eq 'Desktop') {
    return [pscustomobject]@{ Mono = ''; Facades = '' }
}

function Invoke-Apt([string[]] $Arguments) {
    $output = & apt-get @Arguments 2>&1
    if ($LASTEXITCODE -ne 0) { throw "apt-get $($Arguments -join ' ') failed ($LASTEXITCODE): $($output -join "`n")" }
}

$packages = @('mono-runtime', 'libmono-system-net-http4.0-cil')
$netHttp = '/usr/lib/mono/4.5/System.Net.Http.dll'
if (-not (Get-Command mono -CommandType Application -ErrorAction SilentlyContinue) -or -not (Test-Path -LiteralPath $netHttp)) {
    if (-not (Get-Command apt-get -CommandType Application -ErrorAction SilentlyContinue)) {
        throw "Mono is not installed and this is not a Debian-like system: install mono-runtime and System.Net.Http for Mono, then re-run."
    }
    if ((& id -u) -ne '0') { throw "Mono is not installed; run as root (or: sudo apt-get install -y $($packages -join ' '))." }
    Write-Host "==> apt-get install $($packages -join ' ') (the Desktop check runs the netstandard2.0 build under Mono)" -ForegroundColor Cyan
    $env:DEBIAN_FRONTEND = 'noninteractive'
    # Another build installing at the same moment holds the dpkg lock: wait for it rather than fail.
    $install = @('-o', 'DPkg::Lock::Timeout=300', 'install', '-y', '-q', '--no-install-recommends') + $packages
    try { Invoke-Apt $install }
    catch {
        # A fresh machine has no package lists yet.
        Invoke-Apt @('update', '-q')
        Invoke-Apt $install
    }
}

$facades = Join-Path $CacheFolder 'Facades'
if (-not (Test-Path -LiteralPath (Join-Path $facades 'netstandard.dll'))) {
    Write-Host '==> netstandard facades from mono-devel (extracted into out/, not installed)' -ForegroundColor Cyan
    $download = Join-Path $CacheFolder 'download'
    if (Test-Path $download) { Remove-Item $download -Recurse -Force }
    New-Item -ItemType Directory -Path $download -Force | Out-Null
    Push-Location $download
    try {
        try { Invoke-Apt @('download', '-q', 'mono-devel') }
        catch { Invoke-Apt @('update', '-q'); Invoke-Apt @('download', '-q', 'mono-devel') }
        $deb = Get-ChildItem -Filter 'mono-devel_*.deb' | Select-Object -First 1
        if (-not $deb) { throw 'apt-get download mono-devel left no .deb file.' }
        & bash -c "dpkg-deb --fsys-tarfile '$($deb.FullName)' | tar -x ./usr/lib/mono/4.5/Facades/"
        if ($LASTEXITCODE -ne 0) { throw "Extracting the facades from $($deb.Name) failed ($LASTEXITCODE)." }
        $staging = "$facades.partial"
        if (Test-Path $staging) { Remove-Item $staging -Recurse -Force }
        Move-Item (Join-Path $download 'usr/lib/mono/4.5/Facades') $staging
        if (Test-Path $facades) { Remove-Item $facades -Recurse -Force }
        Move-Item $staging $facades
    }
    finally {
        Pop-Location
        Remove-Item $download -Recurse -Force -ErrorAction SilentlyContinue
    }
    if (-not (Test-Path -LiteralPath (Join-Path $facades 'netstandard.dll'))) { throw "mono-devel had no netstandard.dll facade under usr/lib/mono/4.5/Facades." }
}

[pscustomobject]@{ Mono = (Get-Command mono -CommandType Application | Select-Object -First 1).Source; Facades = $facades }
