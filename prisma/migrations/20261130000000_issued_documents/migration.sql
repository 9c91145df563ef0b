-- CreateTable
CREATE TABLE "IssuedDocument" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "evaluationId" TEXT,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "evidenceSha256" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "pdfSha256" TEXT NOT NULL,
    "issuedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "issuedBy" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "IssuedDocument_evaluationId_idx" ON "IssuedDocument"("evaluationId");

-- CreateIndex
CREATE INDEX "IssuedDocument_code_idx" ON "IssuedDocument"("code");

-- CreateIndex
CREATE INDEX "IssuedDocument_pdfSha256_idx" ON "IssuedDocument"("pdfSha256");
