BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Import-VivgridTestModule
    $script:Pwsh = Get-PwshCommand
    function Invoke-ChildPwsh([string] $Script, [hashtable] $Environment = @{}) {
        $file = Join-Path $TestDrive ("child-" + [guid]::NewGuid().ToString('N') + '.ps1')
        Set-Content -LiteralPath $file -Value $Script
        $saved = @{}
        foreach ($k in $Environment.Keys) { $saved[$k] = [Environment]::GetEnvironmentVariable($k); [Environment]::SetEnvironmentVariable($k, $Environment[$k]) }
        try {
            $exe = $Pwsh[0]; $prefix = @($Pwsh | Select-Object -Skip 1)
            $output = & $exe @prefix -NoProfile -NonInteractive -File $file 2>&1
            [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($output | Out-String) }
        }
        finally {
            foreach ($k in $saved.Keys) { [Environment]::SetEnvironmentVariable($k, $saved[$k]) }
        }
    }
}

Describe 'Reliability as a scheduled task sees it' {
    BeforeEach {
        Set-VivgridTestEnvironment
        Reset-Emulator
    }

    It 'a task script exits non-zero when a call fails, and zero when it works' {
        $task = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$ModulePath'
Invoke-VivgridChat 'nightly' -Model gpt-5.4-nano -MaxRetries 0 | Out-Null
"@
        Add-EmulatorReply @{ status = 500 }
        (Invoke-ChildPwsh $task).ExitCode | Should -Not -Be 0
        $ok = Invoke-ChildPwsh $task
        $ok.ExitCode | Should -Be 0 -Because $ok.Output
    }

    It 'retries a 503 with Retry-After and reports it in -Verbose' {
        Add-EmulatorReply @{ status = 503; headers = @{ 'Retry-After' = '1' } }
        $verbose = Invoke-VivgridChat 'hi' -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($verbose.Message -join "`n") | Should -Match 'Retry 1 of 3 in 1 s'
        (Get-EmulatorRequest).Count | Should -Be 2
    }

    It 'shows the service''s words for a non-JSON proxy error page' {
        Add-EmulatorReply @{ status = 502; body = '<html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>'; contentType = 'text/html'; repeat = 4 }
        $err = $null
        Invoke-VivgridChat 'hi' -MaxRetries 0 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ServerError,*'
        $err[0].CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        $err[0].Exception.Message | Should -Match '502 Bad Gateway'
        $err[0].Exception.Message | Should -Not -Match '<h1>'
    }

    It 'refuses to send the key over http:// to a remote host' {
        { Invoke-VivgridChat 'hi' -BaseUri 'http://vivgrid.example.invalid/v1' -ErrorAction Stop } |
            Should -Throw -ErrorId 'UnencryptedAuthentication,VivgridPS.Commands.InvokeVivgridChatCommand'
    }

    It 'honours HTTP_PROXY / NO_PROXY (the proxy here is the emulator itself)' {
        $authority = ([uri]$EmulatorUri).GetLeftPart('Authority')
        $script = {
            # .NET reads the proxy variables when the first request is made, so setting them here is in time.
            $env:http_proxy = $env:HTTP_PROXY = '{0}'
            $env:no_proxy = $env:NO_PROXY = $NoProxy
            Import-Module '{1}'
            $r = Invoke-VivgridChat 'via proxy' -BaseUri 'http://vivgrid.example.invalid/v1' -AllowUnencryptedAuthentication -MaxRetries 0 -NoLedger
            $r.Content
        }.ToString().Replace('{0}', $authority).Replace('{1}', $ModulePath)
        $viaProxy = Invoke-ChildPwsh ($script.Replace('$NoProxy', "''"))
        $viaProxy.Output | Should -Match 'Echo: via proxy'
        $bypass = Invoke-ChildPwsh ($script.Replace('$NoProxy', "'vivgrid.example.invalid'"))
        $bypass.Output | Should -Match 'ConnectionFailed|Could not reach'
    }

    It 'never shows the key in -Debug, -Verbose, -WhatIf, errors or output' {
        $echo = @{ error = @{ message = "Incorrect API key provided: $TestKey"; type = 'invalid_request_error'; code = 'invalid_api_key' } } | ConvertTo-Json -Compress
        Add-EmulatorReply @{ status = 401; body = $echo }
        $all = & {
            Invoke-VivgridChat 'hi' -Verbose -Debug -ErrorAction Continue
            Invoke-VivgridChat 'hi' -WhatIf
            Invoke-VivgridChat 'hi' -Debug
        } *>&1 | Out-String
        $all | Should -Not -Match ([regex]::Escape($TestKey))
        $Error[0].Exception.ToString() | Should -Not -Match ([regex]::Escape($TestKey))
    }
}
