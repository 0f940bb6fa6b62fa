using System.IO;
using VivgridPS.Core.Input;
using VivgridPS.Core.Ledger;
using Xunit;

namespace VivgridPS.Tests.Desktop;

/// <summary>
/// The share modes the core opens files with, checked against Windows' rule (CreateFile, "Creating and Opening
/// Files"): a second open succeeds only when every open handle's share mode allows its access, and its share mode
/// allows every open handle's access. Linux does not enforce share modes (only FileShare.None, through flock), so the
/// rule is modelled here; the flags are the code's own constants.
/// </summary>
public sealed class WindowsShareModeTests
{
    /// <summary>An open handle: what it may do, and what it lets others do. Delete stands for delete/rename access.</summary>
    private readonly record struct Handle(FileAccess Access, FileShare Share, bool Delete = false);

    private static FileShare Needs(Handle h) =>
        ((h.Access & FileAccess.Read) != 0 ? FileShare.Read : 0) |
        ((h.Access & FileAccess.Write) != 0 ? FileShare.Write : 0) |
        (h.Delete ? FileShare.Delete : 0);

    private static bool CanOpen(Handle open, Handle next) =>
        (Needs(next) & ~open.Share) == 0 && (Needs(open) & ~next.Share) == 0;

    private static readonly Handle LedgerAppend = new Handle(FileAccess.ReadWrite, UsageLedger.DataSharing);
    private static readonly Handle LedgerRead = new Handle(FileAccess.Read, UsageLedger.DataSharing);
    private static readonly Handle LedgerLock = new Handle(FileAccess.ReadWrite, LedgerFileLock.Sharing);
    private static readonly Handle InputRead = new Handle(FileAccess.Read, TextFileReader.Sharing);

    // Others' handles, as common Windows programs open files.
    private static readonly Handle Logger = new Handle(FileAccess.Write, FileShare.Read);
    private static readonly Handle SharingLogger = new Handle(FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
    private static readonly Handle ExclusiveWriter = new Handle(FileAccess.ReadWrite, FileShare.None);
    private static readonly Handle Rotator = new Handle(FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, Delete: true);
    private static readonly Handle SpreadsheetOpen = new Handle(FileAccess.ReadWrite, FileShare.Read);

    [Fact]
    public void The_model_is_Windows_rule()
    {
        Assert.True(CanOpen(new Handle(FileAccess.Read, FileShare.Read), new Handle(FileAccess.Read, FileShare.Read)));
        Assert.False(CanOpen(new Handle(FileAccess.Read, FileShare.Read), new Handle(FileAccess.Write, FileShare.ReadWrite)));
        Assert.False(CanOpen(new Handle(FileAccess.Write, FileShare.ReadWrite), new Handle(FileAccess.Read, FileShare.Read)));
        Assert.False(CanOpen(new Handle(FileAccess.Read, FileShare.Read), new Handle(FileAccess.Read, FileShare.Read, Delete: true)));
    }

    [Fact]
    public void Ledger_appenders_and_readers_share_the_data_file_in_any_order()
    {
        Assert.True(CanOpen(LedgerAppend, LedgerAppend));
        Assert.True(CanOpen(LedgerAppend, LedgerRead));
        Assert.True(CanOpen(LedgerRead, LedgerAppend));
        Assert.True(CanOpen(LedgerRead, LedgerRead));
    }

    [Fact]
    public void The_lock_file_excludes_a_second_holder_which_is_the_whole_lock() =>
        Assert.False(CanOpen(LedgerLock, LedgerLock));

    [Fact]
    public void A_ledger_can_be_rotated_while_it_is_read_or_written()
    {
        Assert.True(CanOpen(LedgerRead, Rotator));
        Assert.True(CanOpen(LedgerAppend, Rotator));
    }

    [Fact]
    public void A_ledger_open_in_a_spreadsheet_blocks_appends_which_then_fail_as_LedgerWriteFailed()
    {
        // Documented behaviour, not a choice we can change: the spreadsheet shares only Read.
        Assert.False(CanOpen(SpreadsheetOpen, LedgerAppend));
        Assert.True(CanOpen(SpreadsheetOpen, LedgerRead));
    }

    [Fact]
    public void An_input_file_its_writer_still_holds_open_can_be_read()
    {
        Assert.True(CanOpen(Logger, InputRead));
        Assert.True(CanOpen(SharingLogger, InputRead));
        Assert.True(CanOpen(InputRead, Logger));
    }

    [Fact]
    public void Reading_an_input_file_does_not_block_its_rotation() =>
        Assert.True(CanOpen(InputRead, Rotator));

    [Fact]
    public void A_file_held_exclusively_cannot_be_read_and_says_so()
    {
        Assert.False(CanOpen(ExclusiveWriter, InputRead));
        // On Linux, FileShare.None is an flock the reader does not take, so the real read would succeed here;
        // what Windows reports (an IOException) becomes InvalidInputFile with "not locked" advice in TextFileReader.
    }
}
