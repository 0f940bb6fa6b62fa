BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Import-VivgridTestModule
}

Describe 'Invoke-VivgridChat' {
BeforeEach {
    Set-VivgridTestEnvironment
    Reset-Emulator
}

Describe 'Invoke-VivgridChat basics' {
    It 'answers a prompt with a ChatResult carrying tokens, cost and duration' {
        $r = Invoke-VivgridChat 'Why does robocopy return 16?' -Model gpt-5.4-mini
        $r | Should -BeOfType VivgridPS.ChatResult
        $r.Content | Should -BeLike 'Echo: Why does robocopy return 16?*'
        $r.Model | Should -Be 'gpt-5.4-mini'
        $r.RequestedModel | Should -Be 'gpt-5.4-mini'
        $r.FinishReason | Should -Be 'stop'
        $r.InputTokens | Should -BeGreaterThan 0
        $r.OutputTokens | Should -BeGreaterThan 0
        $r.TotalTokens | Should -Be ($r.InputTokens + $r.OutputTokens)
        $r.CostUsd | Should -Be ([decimal]$r.InputTokens * 0.75 / 1e6 + [decimal]$r.OutputTokens * 4.5 / 1e6)
        $r.Duration | Should -BeGreaterThan ([timespan]::Zero)
        $r.Messages.Count | Should -Be 2
    }

    It 'joins piped lines into ONE request, instruction first' {
        $lines = 'line one', 'line two', 'line three'
        $r = $lines | Invoke-VivgridChat -Prompt 'Summarize in 5 bullets'
        @($r).Count | Should -Be 1
        $requests = Get-EmulatorRequest
        $requests.Count | Should -Be 1
        $body = $requests[0].body | ConvertFrom-Json
        $body.messages[-1].content | Should -BeExactly "Summarize in 5 bullets`n`nline one`nline two`nline three"
    }

    It 'sends the API key as a bearer token and never shows it' {
        $r = Invoke-VivgridChat 'hello' -Model gpt-5.4-mini -Verbose -Debug 4>&1 5>&1 | Out-String
        $r | Should -Not -Match ([regex]::Escape($TestKey))
        (Get-EmulatorRequest)[0].headers.Authorization | Should -Be "Bearer $TestKey"
    }

    It 'takes -SystemPrompt and -Model from $env:VIVGRID_MODEL' {
        $env:VIVGRID_MODEL = 'gpt-5.4-nano'
        $null = Invoke-VivgridChat 'hi' -SystemPrompt 'You are terse.'
        $body = Get-EmulatorRequestBody
        $body.model | Should -Be 'gpt-5.4-nano'
        $body.messages[0].role | Should -Be 'system'
        $body.messages[0].content | Should -Be 'You are terse.'
    }
}

Describe 'Invoke-VivgridChat -Stream' {
    It 'writes each delta to the pipeline before the emulator has finished sending' {
        Add-EmulatorReply @{ chunks = @('one ', 'two ', 'three ', 'four'); chunkDelayMs = 800 }
        $seen = [System.Collections.Generic.List[object]]::new()
        Invoke-VivgridChat 'count' -Stream | ForEach-Object { $seen.Add([pscustomobject]@{ Text = $_; At = [DateTime]::UtcNow }) }
        ($seen.Text -join '') | Should -BeExactly 'one two three four'
        $completed = [DateTime]::Parse((Get-EmulatorRequest)[0].completedAt, $null, 'RoundtripKind').ToUniversalTime()
        # The emulator spends 2.4 s (3 x 800 ms) sending; the first delta must reach ForEach-Object long before
        # the end (the margin absorbs scheduling delays on a loaded 2-core CI machine).
        ($completed - $seen[0].At).TotalMilliseconds | Should -BeGreaterThan 1200
    }

    It 'writes exactly the answer with Set-Content -NoNewline' {
        Add-EmulatorReply @{ chunks = @("Line 1`n", 'Line ', '2 ünïcödé ✓') }
        $file = Join-Path $TestDrive 'answer.txt'
        Invoke-VivgridChat 'q' -Stream | Set-Content -NoNewline -LiteralPath $file -Encoding utf8NoBOM
        [IO.File]::ReadAllText($file) | Should -BeExactly "Line 1`nLine 2 ünïcödé ✓"
    }

    It 'ends with the result object with -PassThru and requests usage' {
        # Captured through a downstream command: as the last command in a console host the text would go to the screen.
        $out = @(Invoke-VivgridChat 'hello there' -Stream -PassThru | ForEach-Object { $_ })
        $out[-1] | Should -BeOfType VivgridPS.ChatResult
        ($out[0..($out.Count - 2)] -join '') | Should -BeExactly $out[-1].Content
        $out[-1].OutputTokens | Should -BeGreaterThan 0
        (Get-EmulatorRequestBody).stream_options.include_usage | Should -BeTrue
    }
}

Describe 'Invoke-VivgridChat errors' {
    It 'fails with ApiKeyMissing when no key is configured' {
        $env:VIVGRID_API_KEY = $null
        { Invoke-VivgridChat 'hi' -ErrorAction Stop } | Should -Throw -ErrorId 'ApiKeyMissing,VivgridPS.Commands.InvokeVivgridChatCommand'
        Get-EmulatorRequest | Should -BeNullOrEmpty
    }

    It 'maps a rejected key to ApiKeyRejected with AuthenticationError' {
        $err = $null
        Invoke-VivgridChat 'hi' -ApiKey (ConvertTo-SecureString 'rejected-key' -AsPlainText -Force) -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'ApiKeyRejected,VivgridPS.Commands.InvokeVivgridChatCommand'
        $err[0].CategoryInfo.Category | Should -Be 'AuthenticationError'
        $err[0].Exception.HttpStatus | Should -Be 401
        $err[0].ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
    }

    It 'sends nothing with -WhatIf' {
        Invoke-VivgridChat 'hi' -Model gpt-5.4-mini -WhatIf
        Get-EmulatorRequest | Should -BeNullOrEmpty
    }
}

Describe 'Invoke-VivgridChat -WireFormat Vivgrid' {
    It 'asks for the compact stream and returns the model behind managed, reasoning and server-side tools' {
        Add-EmulatorReply @{ chunks = @('It is ', '25°C.'); reasoningContent = 'Look it up'
            serverToolCalls = @(@{ id = 'call_1'; name = 'get_weather'; arguments = '{"city":"New York"}'; result = 'New York: 25°C' }) }
        $out = @(Invoke-VivgridChat 'Weather?' -WireFormat Vivgrid -Stream -PassThru | ForEach-Object { $_ })
        $r = $out[-1]
        ($out[0..($out.Count - 2)] -join '') | Should -BeExactly 'It is 25°C.'
        $r.Model | Should -Be 'gpt-5.4-mini'
        $r.CostUsd | Should -BeGreaterThan 0
        $r.Reasoning | Should -Be 'Look it up'
        $r.ServerToolCalls[0].Name | Should -Be 'get_weather'
        $r.ServerToolCalls[0].Result | Should -Be 'New York: 25°C'
        (Get-EmulatorRequest)[0].headers.'X-Response-Format' | Should -Be 'vivgrid'
    }

    It 'takes its default from $env:VIVGRID_WIRE_FORMAT and marks a cut stream as interrupted' {
        Add-EmulatorReply @{ chunks = @('Hello ', 'world'); omitFinish = $true }
        $env:VIVGRID_WIRE_FORMAT = 'Vivgrid'
        try {
            $r = Invoke-VivgridChat 'x' -Model gpt-5.4-mini -MaxRetries 0 -ErrorVariable problems -ErrorAction SilentlyContinue
        }
        finally {
            $env:VIVGRID_WIRE_FORMAT = $null
        }
        $r.Content | Should -Be 'Hello world'
        $r.FinishReason | Should -Be 'interrupted'
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'StreamInterrupted,*'
    }
}
}
