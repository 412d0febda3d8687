namespace Credo.Web.Features.ApplicationForms;

/// <summary>The <c>Applications</c> configuration section (see docs/application-forms.md).</summary>
internal sealed class ApplicationFormOptions
{
    public const string Section = "Applications";

    /// <summary>Largest accepted upload, in bytes (default 10 MB).</summary>
    public long MaxUploadBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Most documents one application may hold.</summary>
    public int MaxDocumentsPerApplication { get; set; } = 20;

    /// <summary>Posts (start, save, verify, upload, submit) one IP address may make per minute on the public form.</summary>
    public int PostsPerMinutePerIp { get; set; } = 30;

    /// <summary>Where uploads are stored; <c>{Database:DataDirectory}/uploads</c> when not set.</summary>
    public string? UploadDirectory { get; set; }

    // ProtectionKey and KeyFile of this section are the master key's settings: read by Infrastructure/MasterKey.cs.

    /// <summary>The public address used in emailed links (e.g. https://credit.example.com); the request's own when not set.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Failed email-verification codes allowed per application before it is locked.</summary>
    public int MaxVerificationAttempts { get; set; } = 5;
}
