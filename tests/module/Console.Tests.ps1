# The streaming display mode needs a real console: `script` (util-linux, on every Debian) gives the child pwsh a
# pseudo-terminal, so Console.IsOutputRedirected is false exactly as for a user at a prompt. build.ps1 -Task Test
# installs it when missing; without it these tests fail (never skip).
BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    $script:Script = Get-Command script -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if (-not $script:Script) { throw "The console tests need 'script' (Debian package bsdutils); build.ps1 -Task Test installs it." }

    function Invoke-InConsole([string] $Body) {
        $file = Join-Path $TestDrive ("console-" + [guid]::NewGuid().ToString('N') + '.ps1')
        Set-Content -LiteralPath $file -Value @"
`$env:VIVGRID_BASE_URL = '$EmulatorUri'; `$env:VIVGRID_API_KEY = '$TestKey'; `$env:VIVGRID_USAGE_LOG = 'off'
Import-Module '$ModulePath'
$Body
"@
        $pwsh = (Get-PwshCommand) -join ' '
        $raw = & $script.Source -qfec "$pwsh -NoProfile -NoLogo -File $file" /dev/null
        # Drop terminal control sequences so the text can be compared, and a progress bar drawn (and erased) before
        # the first text: on a loaded machine a call can take the 250 ms after which progress shows.
        ($raw -join "`n") -replace '\x1b(\[[0-9;?]*[A-Za-z]|[=>])', '' -replace "`r", '' -replace '^(\s*Invoke-VivgridChat \[[^\]]*\] *)+', ''
    }
}

Describe 'Streaming in an interactive console' {
    BeforeEach {
        Reset-Emulator
    }

    It 'shows the answer once as prose and still returns the result object to $r' {
        Add-EmulatorReply @{ chunks = @('Robocopy ', 'exit code ', '16 means ', 'a fatal error.') }
        $out = Invoke-InConsole @'
$r = Invoke-VivgridChat 'Why does robocopy return 16?' -Model gpt-5.4-mini -Stream
"TYPE=$($r.GetType().FullName)"
"CONTENT=$($r.Content)"
'@
        ([regex]::Matches($out, 'Robocopy exit code 16 means a fatal error\.')).Count | Should -Be 2 -Because "once on screen, once in CONTENT=: $out"
        $out | Should -Match 'TYPE=VivgridPS.ChatResult'
        $out | Should -Match '(?m)^Robocopy exit code 16 means a fatal error\.$'
    }

    It 'prints the text once, then only the summary line, when the result is not captured' {
        Add-EmulatorReply @{ chunks = @('one ', 'two ', 'three') }
        $out = Invoke-InConsole "Invoke-VivgridChat 'count' -Model gpt-5.4-mini -Stream"
        ([regex]::Matches($out, 'one two three')).Count | Should -Be 1 -Because $out
        $out | Should -Match '-- gpt-5\.4-mini · \d+ in / \d+ out tokens · \$0\.\d{6}'
    }

    It 'prints a streamed answer once even after a non-streamed result was shown' {
        @{ chunks = @('first answer') }, @{ chunks = @('second ', 'answer') } | Add-EmulatorReply
        $out = Invoke-InConsole "Invoke-VivgridChat 'one' -Model gpt-5.4-mini; Invoke-VivgridChat 'two' -Model gpt-5.4-mini -Stream"
        ([regex]::Matches($out, 'first answer')).Count | Should -Be 1 -Because $out
        ([regex]::Matches($out, 'second answer')).Count | Should -Be 1 -Because $out
    }

    It 'keeps the progress bar out of the prose when the text is slow to come' {
        # 400 ms between deltas: the progress bar (shown after 250 ms) must be gone before, and stay away while, text flows.
        Add-EmulatorReply @{ chunks = @('slow ', 'but ', 'whole'); chunkDelayMs = 400 }
        $out = Invoke-InConsole "Invoke-VivgridChat 'count' -Model gpt-5.4-mini -Stream"
        ([regex]::Matches($out, 'slow but whole')).Count | Should -Be 1 -Because $out
    }

    It 'still writes pipeline strings when another command follows, even in a console' {
        Add-EmulatorReply @{ chunks = @('a', 'b', 'c') }
        $out = Invoke-InConsole "Invoke-VivgridChat 'x' -Stream | ForEach-Object { ""<`$_>"" } | Write-Output"
        $out | Should -Match '<a>'
        $out | Should -Match '<c>'
    }

    It 'writes prose, not one fragment per line, when a script''s output is redirected to a log' {
        Add-EmulatorReply @{ chunks = @('one ', 'two ', 'three') }
        $file = Join-Path $TestDrive 'task.ps1'
        Set-Content -LiteralPath $file -Value @"
`$env:VIVGRID_BASE_URL = '$EmulatorUri'; `$env:VIVGRID_API_KEY = '$TestKey'; `$env:VIVGRID_USAGE_LOG = 'off'
Import-Module '$ModulePath'
Invoke-VivgridChat 'count' -Model gpt-5.4-mini -Stream
"@
        $pwsh = Get-PwshCommand
        $log = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -File $file
        ($log | Where-Object { $_ -match '\S' })[0] | Should -BeExactly 'one two three'
    }
}
