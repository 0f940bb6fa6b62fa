BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
}

Describe 'The staged module' {
    It 'has a valid manifest' {
        $manifest = Test-ModuleManifest -Path (Join-Path $ModulePath 'VivgridPS.psd1') -ErrorAction Stop
        $manifest.Name | Should -Be 'VivgridPS'
        $manifest.CompatiblePSEditions | Should -Contain 'Desktop'
        $manifest.CompatiblePSEditions | Should -Contain 'Core'
    }

    It 'imports in pwsh and exports exactly the manifest''s commands' {
        $module = Import-Module $ModulePath -Force -PassThru -ErrorAction Stop
        $exported = (Get-Command -Module VivgridPS -CommandType Cmdlet).Name | Sort-Object
        $declared = (Import-PowerShellDataFile (Join-Path $ModulePath 'VivgridPS.psd1')).CmdletsToExport | Sort-Object
        $exported | Should -Be $declared
        $module | Should -Not -BeNullOrEmpty
    }

    It 'loads the net8.0 build in PowerShell 7' {
        Import-Module $ModulePath -Force
        $assembly = (Get-Command Invoke-VivgridChat).ImplementingType.Assembly.Location
        $assembly | Should -Match 'net8\.0'
    }

    It 'removes cleanly' {
        Import-Module $ModulePath -Force
        Remove-Module VivgridPS
        Get-Command Invoke-VivgridChat -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}
