/** Why a file operation failed, in words, from its errno code: one wording for every reader and writer. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EISDIR':
      return 'it is a directory';
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return 'permission denied';
    case 'ENXIO':
      return 'it is a FIFO (named pipe) with no reader';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EAGAIN':
      return 'the device would block';
    default:
      return code ?? (error as Error).message;
  }
}
