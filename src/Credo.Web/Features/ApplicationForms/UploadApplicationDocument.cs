using System.Security.Cryptography;
using Credo.Domain.Applications;
using Credo.Domain.Common;
using Credo.Web.Data;
using Microsoft.Extensions.Options;

namespace Credo.Web.Features.ApplicationForms;

/// <summary>
/// Stores one uploaded file for a draft's file field. The type is read from the first bytes (PDF, PNG, JPEG only);
/// the size is counted while copying, whatever the request claimed; the file is written under a random
/// server-made name in the uploads folder; the applicant's name is sanitised and kept for display only.
/// </summary>
internal sealed class UploadApplicationDocument(CreditDb db, IOptions<ApplicationFormOptions> options, IConfiguration config)
{
    public async Task<Result<ApplicationDocument>> Upload(ApplicantView view, string? fieldKey, string? fileName, Stream content, CancellationToken ct)
    {
        var checkedField = FileField(view, fieldKey);
        if (!checkedField.IsOk)
        {
            return checkedField.Error!;
        }

        var field = checkedField.Value!;
        var max = options.Value.MaxUploadBytes;
        var head = new byte[Uploads.HeadLength];
        var headLength = await content.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        var detected = Uploads.Detect(head.AsSpan(0, headLength));
        var accepted = field.Accept ?? TemplateRules.FileTypes;
        if (detected is null || !accepted.Contains(detected.Type))
        {
            return new FileRefused("file-type-refused", $"{field.Label}: only {string.Join(", ", accepted.Select(a => a.ToUpperInvariant()))} files are accepted (checked from the content, not the name).", field.Key);
        }

        var folder = UploadFolder(options.Value, config);
        Directory.CreateDirectory(folder);
        var storedName = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) + detected.Extension;
        var path = Path.Combine(folder, storedName);
        long size;
        string sha256;
        try
        {
            (size, sha256) = await Copy(path, head, headLength, content, max, ct);
            if (size > max)
            {
                File.Delete(path);
                return new FileRefused("file-too-large", $"{field.Label}: a file may be at most {max / (1024 * 1024.0):0.#} MB.", field.Key);
            }
        }
        catch
        {
            File.Delete(path);
            throw;
        }

        return await Record(view.Application, field, detected, Uploads.SanitiseName(fileName), storedName, size, sha256, ct);
    }

    /// <summary>The draft's file field the upload is for, refused when the application was submitted or holds its most documents.</summary>
    private Result<FieldDefinition> FileField(ApplicantView view, string? fieldKey)
    {
        if (!view.Editable)
        {
            return new Refusal("application-submitted", $"Application {view.Application.Reference} has been submitted; documents can no longer be added.");
        }

        var field = view.Definition.Field(fieldKey ?? string.Empty);
        if (field is null || field.Kind != FieldKind.File)
        {
            return new ValidationFailed("fieldKey", "Choose which document this file is.");
        }

        if (view.Documents.Count >= options.Value.MaxDocumentsPerApplication)
        {
            return new Refusal("too-many-documents", $"An application holds at most {options.Value.MaxDocumentsPerApplication} documents.", field.Key);
        }

        return field;
    }

    /// <summary>
    /// Writes the head already read and the rest of the content to a new file at <paramref name="path"/>, counting and
    /// hashing as it goes; stops once the size passes <paramref name="max"/> (the caller deletes the file then).
    /// </summary>
    private static async Task<(long Size, string Sha256)> Copy(string path, byte[] head, int headLength, Stream content, long max, CancellationToken ct)
    {
        await using var file = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous });
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long size = headLength;
        hash.AppendData(head, 0, headLength);
        await file.WriteAsync(head.AsMemory(0, headLength), ct);
        var buffer = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(buffer, ct)) > 0)
        {
            size += read;
            if (size > max)
            {
                break;
            }

            hash.AppendData(buffer, 0, read);
            await file.WriteAsync(buffer.AsMemory(0, read), ct);
        }

        return (size, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    /// <summary>The document row and its event on the application, saved.</summary>
    private async Task<ApplicationDocument> Record(
        CreditApplication application, FieldDefinition field, DetectedFile detected, string originalName, string storedName, long size, string sha256, CancellationToken ct)
    {
        var now = db.UtcNow;
        var document = new ApplicationDocument
        {
            ApplicationId = application.Id,
            FieldKey = field.Key,
            OriginalName = originalName,
            StoredName = storedName,
            ContentType = detected.ContentType,
            SizeBytes = size,
            Sha256 = sha256,
            UploadedAtUtc = now,
        };
        db.ApplicationDocuments.Add(document);
        db.ApplicationEvents.Add(new ApplicationEvent
        {
            ApplicationId = application.Id,
            AtUtc = now,
            Actor = "applicant",
            Kind = "document-uploaded",
            Text = $"{field.Label}: {detected.Type}, {size} bytes", // the label a person reads, not the field key (issue 12 §4, screens)
        });
        application.UpdatedAtUtc = now;
        await db.SaveChangesAsync(ct);
        return document;
    }

    public static string UploadFolder(ApplicationFormOptions options, IConfiguration config) =>
        Path.GetFullPath(options.UploadDirectory ?? Path.Combine(config["Database:DataDirectory"] ?? "data", "uploads"));
}

/// <summary>An upload refused for its size (413) or its content (415).</summary>
internal sealed record FileRefused(string RefusalCode, string Reason, string Field) : DomainError(RefusalCode, Reason, Field);
