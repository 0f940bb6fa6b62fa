# Every ```powershell block of README.md runs here against the emulator, in a folder holding the files the
# examples name (report.txt, Reports/*.log, tickets.csv, screenshot.png). A block fails the test when it throws or
# writes an error.
BeforeDiscovery {
    $readme = Get-Content -Raw (Join-Path $PSScriptRoot '../../README.md')
    $blocks = [regex]::Matches($readme, '(?ms)^```powershell\r?\n(.*?)^```') | ForEach-Object { $_.Groups[1].Value }
    $script:Examples = for ($i = 0; $i -lt $blocks.Count; $i++) {
        @{ Index = $i + 1; Code = $blocks[$i]; Title = ($blocks[$i] -split "`n")[0].Trim() }
    }
}

BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Import-VivgridTestModule
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) ("vivgridps-readme-" + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path (Join-Path $Work 'Reports') -Force | Out-Null
    Copy-Item (Join-Path $ModulePath 'Samples/nightly-report.txt') (Join-Path $Work 'report.txt')
    foreach ($n in 1..3) { "2026-11-2$n ERROR disk $n full`n2026-11-2$n INFO backup done" | Set-Content (Join-Path $Work "Reports/server$n.log") }
    @([pscustomobject]@{ Id = 101; Subject = 'Printer on floor 3 is offline' },
      [pscustomobject]@{ Id = 102; Subject = 'VPN drops every hour' },
      [pscustomobject]@{ Id = 103; Subject = 'Password reset for jdoe' }) | Export-Csv (Join-Path $Work 'tickets.csv') -NoTypeInformation
    [IO.File]::WriteAllBytes((Join-Path $Work 'screenshot.png'), [byte[]](0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13))
}

AfterAll {
    Remove-Item $Work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'README examples' {
    BeforeEach {
        Set-VivgridTestEnvironment
        $env:VIVGRID_USAGE_LOG = Join-Path $Work 'usage.jsonl'
        Reset-Emulator
        Push-Location $Work
    }

    AfterEach {
        Pop-Location
    }

    It 'example <Index> runs: <Title>' -ForEach $Examples {
        if ($Code -match 'Get-Service') {
            # Get-Service does not exist on Linux: a stand-in, and a scripted tool-call round trip for the model.
            function global:Get-Service { [CmdletBinding()] param([string[]] $Name)
                [pscustomobject]@{ Name = 'Spooler'; Status = 'Stopped'; StartType = 'Automatic' } }
            Add-EmulatorReply @(
                @{ toolCalls = @(@{ id = 'call_1'; name = 'Get-Service'; arguments = '{}' }) }
                @{ content = 'Spooler starts automatically but is stopped.' })
        }
        $code = $Code -replace 'Import-Module \./out/VivgridPS', "Import-Module '$ModulePath'" -replace "'<your key>'", "'$TestKey'"
        $Error.Clear()
        $null = & ([scriptblock]::Create($code)) *>&1
        $Error | Should -BeNullOrEmpty
        if ($Code -match 'Get-Service') {
            # The tool really ran: the second request carries its output back to the model.
            $second = @(Get-EmulatorRequestBody)[1]
            ($second.messages | Where-Object role -eq 'tool').content | Should -Match 'Spooler'
        }
    }

    It 'the classification example writes one classified row per ticket' {
        (Import-Csv (Join-Path $Work 'classified.csv')).Count | Should -Be 3
        (Import-Csv (Join-Path $Work 'classified.csv'))[0].Category | Should -BeIn 'hardware', 'network', 'account', 'other'
    }

    It 'the scheduled task example writes summary.csv with one row per log' {
        $rows = Import-Csv (Join-Path $Work 'summary.csv')
        $rows.Count | Should -Be 3
        $rows[0].Source | Should -BeLike '*server1.log'
        [decimal]$rows[0].CostUsd | Should -BeGreaterThan 0
    }

    It 'the nightly example, run as a scheduled task on an empty Reports folder, sends nothing and says so' {
        $readme = Get-Content -Raw (Join-Path $PSScriptRoot '../../README.md')
        $nightly = [regex]::Matches($readme, '(?ms)^```powershell\r?\n(.*?)^```') | ForEach-Object { $_.Groups[1].Value } |
            Where-Object { $_ -match 'nightly-summary\.ps1' } | Select-Object -First 1
        $nightly | Should -Not -BeNullOrEmpty
        $empty = Join-Path $Work 'empty-night'
        New-Item -ItemType Directory -Path (Join-Path $empty 'Reports') -Force | Out-Null
        $script = Join-Path $empty 'nightly-summary.ps1'
        Set-Content -LiteralPath $script -Encoding utf8 -Value @"
`$env:VIVGRID_BASE_URL = '$EmulatorUri'; `$env:VIVGRID_API_KEY = '$TestKey'; `$env:VIVGRID_USAGE_LOG = '$(Join-Path $empty 'usage.jsonl')'
Import-Module '$ModulePath'
Set-Location '$empty'
$nightly
"@
        Reset-Emulator
        $pwsh = Get-PwshCommand
        $output = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -File $script 2>&1 3>&1
        $LASTEXITCODE | Should -Be 0 -Because ($output -join "`n")
        ($output -join "`n") | Should -Match 'No input arrived from the pipeline, so nothing was sent'
        @(Get-EmulatorRequest | ForEach-Object { $_ }).Count | Should -Be 0
        $summary = Join-Path $empty 'summary.csv'
        if (Test-Path $summary) { @(Import-Csv $summary).Count | Should -Be 0 }
        Test-Path (Join-Path $empty 'usage.jsonl') | Should -BeFalse
    }

    It 'the streaming example wrote exactly the answer to haiku.txt' {
        [IO.File]::ReadAllText((Join-Path $Work 'haiku.txt')) | Should -BeLike 'Echo: Write a haiku about backups*'
    }
}
