using System;
using System.Collections.Generic;
using System.Net;
using VivgridPS.Core.Http;
using Xunit;

namespace VivgridPS.Tests.Http;

/// <summary>The module import runs this on Windows PowerShell 5.1; it must not throw whatever the runtime accepts.</summary>
public sealed class TlsProtocolSetupTests
{
    // Windows PowerShell 5.1's default on .NET Framework: SSL 3 and TLS 1.0 (48 | 192).
    private const SecurityProtocolType Legacy = (SecurityProtocolType)(48 | 192);

    /// <summary>ServicePointManager.SecurityProtocol as a runtime sees it: values with a rejected bit throw, as .NET Framework does.</summary>
    private sealed class ProtocolSetting
    {
        private readonly SecurityProtocolType _rejected;

        public ProtocolSetting(SecurityProtocolType initial, SecurityProtocolType rejected)
        {
            Value = initial;
            _rejected = rejected;
        }

        public SecurityProtocolType Value { get; private set; }

        public List<SecurityProtocolType> Attempts { get; } = new List<SecurityProtocolType>();

        public SecurityProtocolType Apply() => TlsProtocolSetup.Apply(() => Value, Write);

        private void Write(SecurityProtocolType value)
        {
            Attempts.Add(value);
            if ((value & _rejected) != 0) throw new NotSupportedException("The requested security protocol is not supported.");
            Value = value;
        }
    }

    [Fact]
    public void Framework_472_rejects_TLS_13_so_TLS_12_is_added_alone()
    {
        var setting = new ProtocolSetting(Legacy, rejected: TlsProtocolSetup.Tls13);
        SecurityProtocolType result = setting.Apply();
        Assert.Equal(Legacy | TlsProtocolSetup.Tls12, result);
        Assert.Equal(result, setting.Value);
        // It did try TLS 1.3 first: on 4.8 and later the same code turns it on.
        Assert.Equal(new[] { Legacy | TlsProtocolSetup.Tls12 | TlsProtocolSetup.Tls13, Legacy | TlsProtocolSetup.Tls12 }, setting.Attempts);
    }

    [Fact]
    public void Framework_48_accepts_TLS_13_and_gets_both()
    {
        var setting = new ProtocolSetting(Legacy, rejected: 0);
        Assert.Equal(Legacy | TlsProtocolSetup.Tls12 | TlsProtocolSetup.Tls13, setting.Apply());
        Assert.Single(setting.Attempts);
    }

    [Fact]
    public void A_runtime_that_rejects_everything_leaves_the_setting_and_does_not_throw()
    {
        var setting = new ProtocolSetting(Legacy, rejected: TlsProtocolSetup.Tls12 | TlsProtocolSetup.Tls13);
        Assert.Equal(Legacy, setting.Apply());
        Assert.Equal(2, setting.Attempts.Count);
    }

    [Fact]
    public void Protocols_already_on_stay_on()
    {
        var setting = new ProtocolSetting(SecurityProtocolType.Tls11, rejected: TlsProtocolSetup.Tls13);
        Assert.Equal(SecurityProtocolType.Tls11 | TlsProtocolSetup.Tls12, setting.Apply());
    }

    [Fact]
    public void System_default_is_left_to_the_operating_system()
    {
        var setting = new ProtocolSetting(SecurityProtocolType.SystemDefault, rejected: TlsProtocolSetup.Tls13);
        Assert.Equal(SecurityProtocolType.SystemDefault, setting.Apply());
        Assert.Empty(setting.Attempts);
    }

    [Fact]
    public void The_numbers_are_the_framework_members()
    {
        Assert.Equal(SecurityProtocolType.Tls12, TlsProtocolSetup.Tls12);
        Assert.Equal(SecurityProtocolType.Tls13, TlsProtocolSetup.Tls13);
        Assert.Equal(SecurityProtocolType.SystemDefault, TlsProtocolSetup.SystemDefault);
    }

    [Fact]
    public void Other_exceptions_are_not_swallowed()
    {
        // Only "not supported" means "this runtime predates the protocol"; anything else is a real fault and surfaces.
        Assert.Throws<InvalidOperationException>(() =>
            TlsProtocolSetup.Apply(() => Legacy, _ => throw new InvalidOperationException("boom")));
    }
}
