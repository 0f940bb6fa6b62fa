# build.ps1 -Task Package: the .nupkg must be what PowerShellGet would publish, and PSResourceGet must install it from
# a local folder repository. The packaging function is taken from build.ps1 itself (not a copy) and run against a
# copy of the staged module, so this test needs no rebuild and never changes out/.
BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    $script:Root = Split-Path (Split-Path $ModulePath)
    $script:Version = ([xml] (Get-Content -Raw (Join-Path $Root 'Directory.Build.props'))).Project.PropertyGroup.VivgridPSVersion |
        Where-Object { $_ } | Select-Object -First 1

    $build = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $Root 'build.ps1'), [ref] $null, [ref] $null)
    $function = $build.Find({ param($n) $n -is [System.Management.Automation.Language.FunctionDefinitionAst] -and $n.Name -eq 'Invoke-Package' }, $true)
    if (-not $function) { throw 'build.ps1 has no Invoke-Package function.' }
    . ([scriptblock]::Create($function.Extent.Text))

    # The variables Invoke-Package reads from build.ps1's script scope.
    $root = $Root
    $out = Join-Path $TestDrive 'out'
    $staged = Join-Path $out 'VivgridPS'
    $null = New-Item -ItemType Directory $out
    Copy-Item $ModulePath $staged -Recurse
    # A stale manifest version must be corrected from Directory.Build.props.
    $manifestCopy = Join-Path $staged 'VivgridPS.psd1'
    (Get-Content -Raw $manifestCopy) -replace "ModuleVersion\s*=\s*'[^']*'", "ModuleVersion = '0.0.1'" | Set-Content $manifestCopy
    Invoke-Package 6>$null

    $script:Package = Join-Path $out "VivgridPS.$Version.nupkg"
    Add-Type -AssemblyName System.IO.Compression, System.IO.Compression.FileSystem
    $zip = [System.IO.Compression.ZipFile]::OpenRead($Package)
    try {
        $script:Entries = @($zip.Entries.FullName)
        $reader = [System.IO.StreamReader]::new($zip.GetEntry('VivgridPS.nuspec').Open())
        $script:Nuspec = ([xml] $reader.ReadToEnd()).package.metadata
        $reader.Dispose()
        $reader = [System.IO.StreamReader]::new($zip.GetEntry('VivgridPS.psd1').Open())
        $script:PackedManifest = [scriptblock]::Create($reader.ReadToEnd()).InvokeReturnAsIs()
        $reader.Dispose()
    }
    finally { $zip.Dispose() }
    $script:Cmdlets = (Import-PowerShellDataFile (Join-Path $ModulePath 'VivgridPS.psd1')).CmdletsToExport
}

Describe 'The VivgridPS .nupkg' {
    It 'is named after the version in Directory.Build.props' {
        $Version | Should -Match '^\d+\.\d+\.\d+'
        Test-Path -LiteralPath $Package | Should -BeTrue
    }

    It 'has a nuspec with id, version, authors, description, project and license' {
        $Nuspec.id | Should -Be 'VivgridPS'
        $Nuspec.version | Should -Be $Version
        $Nuspec.authors | Should -Not -BeNullOrEmpty
        $Nuspec.description | Should -Match 'Vivgrid'
        $Nuspec.projectUrl | Should -Be $PackedManifest.PrivateData.PSData.ProjectUri
        $Nuspec.licenseUrl | Should -Be $PackedManifest.PrivateData.PSData.LicenseUri
        $Nuspec.releaseNotes | Should -Be $PackedManifest.PrivateData.PSData.ReleaseNotes
    }

    It 'tags it as PowerShellGet does: PSModule, PSIncludes_Cmdlet, PSCmdlet_ and PSCommand_ per cmdlet, PSEdition_ per edition' {
        $tags = $Nuspec.tags -split ' '
        foreach ($tag in 'PSModule', 'PSIncludes_Cmdlet', 'PSEdition_Core', 'PSEdition_Desktop', 'Vivgrid') { $tags | Should -Contain $tag }
        foreach ($name in $Cmdlets) { $tags | Should -Contain "PSCmdlet_$name"; $tags | Should -Contain "PSCommand_$name" }
    }

    It 'holds the module files at the package root, both builds with help, the about topic and the LICENSE' {
        foreach ($path in 'VivgridPS.psd1', 'VivgridPS.psm1', 'VivgridPS.Format.ps1xml', 'LICENSE', 'en-US/about_VivgridPS.help.txt',
            'bin/net8.0/VivgridPS.dll', 'bin/net8.0/en-US/VivgridPS.dll-Help.xml',
            'bin/netstandard2.0/VivgridPS.dll', 'bin/netstandard2.0/System.Text.Json.dll', 'bin/netstandard2.0/en-US/VivgridPS.dll-Help.xml',
            '[Content_Types].xml', '_rels/.rels') {
            $Entries | Should -Contain $path
        }
        $Entries | Where-Object { $_ -like 'VivgridPS/*' -or $_ -like '*\*' } | Should -BeNullOrEmpty
        $Entries | Where-Object { $_ -like 'package/services/metadata/core-properties/*.psmdcp' } | Should -HaveCount 1
    }

    It 'carries a manifest stamped with the Directory.Build.props version and the gallery fields' {
        $PackedManifest.ModuleVersion | Should -Be $Version
        $PackedManifest.PrivateData.PSData.Tags | Should -Contain 'PSEdition_Desktop'
        $PackedManifest.PrivateData.PSData.ProjectUri | Should -Match '^https://'
        $PackedManifest.PrivateData.PSData.LicenseUri | Should -Match '^https://'
        $PackedManifest.PrivateData.PSData.ReleaseNotes | Should -Not -BeNullOrEmpty
    }
}

Describe 'Installing the package with PSResourceGet from a local repository' {
    BeforeAll {
        Import-Module Microsoft.PowerShell.PSResourceGet -ErrorAction Stop
        $repository = Join-Path $TestDrive 'repo'
        $null = New-Item -ItemType Directory $repository
        Copy-Item $Package $repository
        # Unique per run: the repository list is per user and other test runs may share it.
        $script:RepoName = "LocalTest$([guid]::NewGuid().ToString('N').Substring(0, 8))"
        Register-PSResourceRepository -Name $RepoName -Uri $repository -Trusted
        $script:Found = Find-PSResource -Name VivgridPS -Repository $RepoName
        $script:SaveRoot = Join-Path $TestDrive 'modules'
        $null = New-Item -ItemType Directory $SaveRoot
        Save-PSResource -Name VivgridPS -Repository $RepoName -Path $SaveRoot -TrustRepository -SkipDependencyCheck -Quiet
    }
    AfterAll {
        if ($RepoName) { Unregister-PSResourceRepository -Name $RepoName -ErrorAction SilentlyContinue }
    }

    It 'finds VivgridPS with its version and the cmdlets it includes' {
        $Found.Name | Should -Be 'VivgridPS'
        $Found.Version.ToString() | Should -Be $Version
        @($Found.Includes.Cmdlet) | Sort-Object | Should -Be @($Cmdlets | Sort-Object)
    }

    It 'saves a module folder that a fresh pwsh imports by name and uses' {
        $saved = Join-Path $SaveRoot "VivgridPS/$Version"
        Test-Path (Join-Path $saved 'VivgridPS.psd1') | Should -BeTrue
        $script = "`$env:PSModulePath = '$SaveRoot'; `$env:VIVGRID_USAGE_LOG = 'off'; Import-Module VivgridPS -ErrorAction Stop; " +
            "`$m = Get-Module VivgridPS; '{0}|{1}|{2}|{3}' -f `$m.Version, @(Get-VivgridModel -Offline).Count, (Get-Help Get-VivgridModel).Synopsis, `$m.ModuleBase"
        $pwshDll = [System.Reflection.Assembly]::GetEntryAssembly().Location
        $line = & ([Environment]::ProcessPath) $pwshDll -NoProfile -NonInteractive -Command $script 2>&1
        $LASTEXITCODE | Should -Be 0 -Because ($line -join "`n")
        $version, $count, $synopsis, $base = ($line -join '') -split '\|'
        $version | Should -Be $Version
        [int] $count | Should -BeGreaterThan 10
        $synopsis | Should -BeLike 'Lists the models Vivgrid offers*'
        $base | Should -Be $saved
    }
}
