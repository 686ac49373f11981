import { notFound } from "next/navigation";
import { isDomainError } from "../../core/shared/errors";

/** Runs a page's read; a domain "not found" becomes the 404 page, anything else propagates. */
export async function loadOrNotFound<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (isDomainError(error) && error.kind === "not_found") notFound();
    throw error;
  }
}
